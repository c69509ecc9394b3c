/**
 * Runs `tick` every interval in the background, never two at once: a tick still running when
 * the timer fires is not started again, so a slow tick stretches the interval instead of
 * piling up. The schedulers (probes, pulls, pushes) share it. `tick` gets a signal aborted by
 * `stop()`: a tick that loops while work is due must end its loop then, or a backlog would
 * keep a stopping process alive.
 */
export class Ticker {
  readonly #tick: (signal: AbortSignal) => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopping = new AbortController();

  constructor(
    tick: (signal: AbortSignal) => Promise<unknown>,
    options: { intervalMs: number; onError?: (error: unknown) => void },
  ) {
    this.#tick = tick;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError ?? (() => undefined);
  }

  start(): void {
    if (this.#timer) return;
    if (this.#stopping.signal.aborted) this.#stopping = new AbortController();
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.#tick(this.#stopping.signal)
        .catch(this.#onError)
        .finally(() => (this.#running = null));
    }, this.#intervalMs);
    // Background work never keeps the process alive on its own.
    this.#timer.unref();
  }

  /** Stops the timer and waits for the tick in progress, if any. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#stopping.abort();
    await this.#running;
  }
}
