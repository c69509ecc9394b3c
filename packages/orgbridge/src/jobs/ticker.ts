/**
 * Runs `tick` every interval in the background, never two at once: a tick still running when
 * the timer fires is not started again, so a slow tick stretches the interval instead of
 * piling up. The schedulers (probes, pulls, pushes) share it.
 */
export class Ticker {
  readonly #tick: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;

  constructor(
    tick: () => Promise<unknown>,
    options: { intervalMs: number; onError?: (error: unknown) => void },
  ) {
    this.#tick = tick;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError ?? (() => undefined);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.#tick()
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
    await this.#running;
  }
}
