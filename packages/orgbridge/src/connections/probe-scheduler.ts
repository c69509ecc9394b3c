import { runPool } from '../jobs/run-pool.ts';
import { Ticker } from '../jobs/ticker.ts';
import { createRepositories } from '../store/repositories.ts';
import { runHealthCheck, type HealthServices } from './health-check.ts';
import { runPermissionCheck } from './permission-check.ts';

export interface ProbeSchedulerOptions {
  /** Each active or degraded connection is probed once per interval. */
  intervalMs: number;
  /** How often the scheduler looks for due probes (default: a sixtieth of the interval, 1–30 s). */
  tickMs?: number;
  /** Probes running at once in this process (default 8). */
  concurrency?: number;
  /** Called with any error a probe run could not record (it never stops the scheduler). */
  onError?: (error: unknown) => void;
}

/**
 * The background health probe (issue 4): every active or degraded connection is probed once per
 * interval. A connection's first probe is placed at a random point of the interval, and each next
 * one an interval after, so probes stay spread out rather than arriving all at once. Probes are
 * claimed in batches by one UPDATE of `next_probe_at` (skipping rows locked by another claim on
 * PostgreSQL), so any number of processes share the
 * work and no connection is probed twice for one turn. `needs_reauth`, `pending` and `disabled`
 * connections are not probed: only a person can change them. Each tick also runs the permission
 * checks that are due (after a new grant or requirement, and daily).
 */
export class ProbeScheduler {
  readonly #services: HealthServices;
  readonly #intervalMs: number;
  readonly #tickMs: number;
  readonly #concurrency: number;
  readonly #onError: (error: unknown) => void;
  readonly #ticker: Ticker;
  // A check that failed (Salesforce down, a refused query) is tried again after RETRY_MS, not
  // on every tick.
  readonly #permissionAttempts = new Map<string, number>();

  constructor(services: HealthServices, options: ProbeSchedulerOptions) {
    this.#services = services;
    this.#intervalMs = options.intervalMs;
    this.#tickMs = options.tickMs ?? Math.min(30_000, Math.max(1000, options.intervalMs / 60));
    this.#concurrency = options.concurrency ?? 8;
    this.#onError = options.onError ?? (() => undefined);
    this.#ticker = new Ticker((signal) => this.tick(signal), {
      intervalMs: this.#tickMs,
      onError: this.#onError,
    });
  }

  start(): void {
    this.#ticker.start();
  }

  /** Stops scheduling and waits for the probes of the current tick. */
  stop(): Promise<void> {
    return this.#ticker.stop();
  }

  /**
   * Permission checks that are due: never made for the current grant and requirement (right
   * after connect or re-authorization), or a day old.
   */
  async #checkPermissions(): Promise<void> {
    const { ctx } = this.#services;
    const due = await createRepositories(ctx.db).connections.listDuePermissionChecks(
      ctx.now() - DAY_MS,
      100,
    );
    const now = ctx.now();
    const ready = due.filter(({ id }) => now - (this.#permissionAttempts.get(id) ?? 0) >= RETRY_MS);
    if (this.#permissionAttempts.size > 100_000) this.#permissionAttempts.clear();
    await runPool(ready, this.#concurrency, async ({ id }) => {
      this.#permissionAttempts.set(id, now);
      try {
        await runPermissionCheck(this.#services, id);
        this.#permissionAttempts.delete(id);
      } catch (error) {
        this.#onError(error);
      }
    });
  }

  /**
   * Schedules new connections and runs every due probe, batch after batch, until none is due or
   * `signal` aborts (the scheduler is stopping); returns how many ran.
   */
  async tick(signal?: AbortSignal): Promise<number> {
    const { ctx } = this.#services;
    const repos = createRepositories(ctx.db);
    for (;;) {
      const fresh = await repos.connections.listUnscheduledProbes(500);
      for (const { id } of fresh)
        await repos.connections.scheduleProbe(
          id,
          ctx.now() + Math.floor(Math.random() * this.#intervalMs),
        );
      if (fresh.length < 500) break;
    }
    await this.#checkPermissions();
    let ran = 0;
    const batch = this.#concurrency * 4;
    while (!signal?.aborted) {
      const claimed = await repos.connections.claimDueProbes(ctx.now(), batch, this.#intervalMs);
      await runPool(claimed, this.#concurrency, async (id) => {
        try {
          await runHealthCheck(this.#services, id, 'probe');
        } catch (error) {
          this.#onError(error);
        }
      });
      ran += claimed.length;
      if (claimed.length < batch) return ran;
    }
    return ran;
  }
}

const DAY_MS = 86_400_000;
const RETRY_MS = 5 * 60_000;
