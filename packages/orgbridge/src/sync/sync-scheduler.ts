import type { HealthServices } from '../connections/health-check.ts';
import { runPool } from '../jobs/run-pool.ts';
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
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<PullOutcome[]> | null = null;

  constructor(services: HealthServices, options: SyncSchedulerOptions) {
    this.#services = services;
    this.#options = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (!this.#running) this.#running = this.tick().finally(() => (this.#running = null));
      this.#running.catch(this.#options.onError ?? (() => undefined));
    }, this.#options.tickMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
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
