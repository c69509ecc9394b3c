import { useEffect, useRef } from 'react';

/**
 * Runs `load` now and then `intervalMs` after each run ends (never two at once, so a slow
 * server is not piled on). Stops, and aborts the run in flight, on unmount or when `key` changes.
 * `load` may change between renders; the latest one is used.
 */
export function usePolling(
  load: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  key: string,
): void {
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        await latest.current(controller.signal);
      } catch {
        // Each loader shows its own failures in the page; an abort is the unmount itself. Either
        // way the next round is still due.
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [intervalMs, key]);
}
