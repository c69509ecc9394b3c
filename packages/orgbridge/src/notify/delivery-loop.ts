/**
 * The background loop both dispatchers share: polls for due deliveries every interval, and again
 * as soon as an attempt ends (a backlog drains at the receivers' pace, not one batch per tick);
 * never two polls at once. Attempts run detached from the poll that started them, so a slow
 * receiver holds only its own slots. `stop()` aborts attempts in flight and waits for them to
 * record their outcome.
 */
export class DeliveryLoop {
  readonly #poll: () => Promise<number>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #inFlight = new Set<Promise<void>>();
  #abort = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #again = false;

  constructor(
    poll: () => Promise<number>,
    options: { intervalMs: number; onError: (error: unknown) => void },
  ) {
    this.#poll = poll;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError;
  }

  /** Aborted when the loop stops: attempts pass it to their I/O. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Attempts running now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#timer) return;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    this.#timer = setInterval(() => this.#kick(), this.#intervalMs);
    this.#timer.unref();
    this.#kick();
  }

  #kick(): void {
    if (!this.#timer) return;
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = this.#poll()
      .then(() => undefined, this.#onError)
      .finally(() => {
        this.#polling = null;
        if (this.#again) {
          this.#again = false;
          this.#kick();
        }
      });
  }

  /** Runs an attempt detached; its end starts the next poll (when the loop runs). */
  track(attempt: Promise<void>): void {
    const tracked = attempt.catch(this.#onError).finally(() => {
      this.#inFlight.delete(tracked);
      this.#kick();
    });
    this.#inFlight.add(tracked);
  }

  /** Resolves when no attempt is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** Stops polling, aborts attempts in flight and waits until they have recorded their outcome. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#abort.abort();
    await this.#polling;
    await this.idle();
  }
}
