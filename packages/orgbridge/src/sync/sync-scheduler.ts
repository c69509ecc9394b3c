import type { HealthServices } from '../connections/health-check.ts';
import { runPool } from '../jobs/run-pool.ts';
import { Ticker } from '../jobs/ticker.ts';
import { createRepositories } from '../store/repositories.ts';
import { runPull, type PullOptions, type PullOutcome } from './pull-engine.ts';

export interface SyncSchedulerOptions extends PullOptions {
  /** How often the scheduler looks for due mappings (default 1 s). */
  tickMs?: number;
  /** Mappings pulled at once in this process (default 4). */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

/**
 * The embedded pull scheduler: every tick, each pull mapping of a working connection whose next
 * run is due is pulled, at most one run per mapping at a time across processes (the run lease).
 * Mappings of `needs_reauth` or `disabled` connections are not picked: their cursors wait where
 * they are, and the first tick after re-authorization or enable catches up from there.
 */
export class SyncScheduler {
  readonly #services: HealthServices;
  readonly #options: SyncSchedulerOptions;
  readonly #ticker: Ticker;

  constructor(services: HealthServices, options: SyncSchedulerOptions) {
    this.#services = services;
    this.#options = options;
    this.#ticker = new Ticker(() => this.tick(), {
      intervalMs: options.tickMs ?? 1000,
      onError: options.onError,
    });
  }

  start(): void {
    this.#ticker.start();
  }

  /** Stops scheduling and waits for the runs of the current tick. */
  stop(): Promise<void> {
    return this.#ticker.stop();
  }

  /** Pulls every due mapping once; returns the outcomes. */
  async tick(): Promise<PullOutcome[]> {
    const { ctx } = this.#services;
    const due = await createRepositories(ctx.db).sync.listDuePulls(ctx.now(), 100);
    const outcomes: PullOutcome[] = [];
    await runPool(due, this.#options.concurrency ?? 4, async ({ id }) => {
      try {
        outcomes.push(await runPull(this.#services, id, this.#options));
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    return outcomes;
  }
}

/** Pulls a connection's mappings now (`POST /connections/{id}/sync`), as the scheduler would. */
export async function syncNow(
  services: HealthServices,
  connectionId: string,
  options: PullOptions,
): Promise<PullOutcome[]> {
  const mappings = await createRepositories(services.ctx.db).sync.listMappings(connectionId);
  const outcomes: PullOutcome[] = [];
  for (const m of mappings) {
    if (m.direction === 'push') continue;
    outcomes.push(await runPull(services, m.id, options));
  }
  return outcomes;
}
