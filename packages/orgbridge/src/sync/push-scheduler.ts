import { AppError, ErrorCode } from '../errors.ts';
import type { HealthServices } from '../connections/health-check.ts';
import { runPool } from '../jobs/run-pool.ts';
import { Ticker } from '../jobs/ticker.ts';
import { createRepositories } from '../store/repositories.ts';
import { runPush, type PushOptions, type PushOutcome } from './push-engine.ts';

export interface PushSchedulerOptions extends PushOptions {
  /** How often the scheduler looks for due writes (default 1 s). */
  tickMs?: number;
  /** Connections delivered at once in this process (default 4). */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

/**
 * The embedded push scheduler: every tick, each working connection with writes due is
 * delivered, one delivery run per connection at a time across processes (the outbox lease).
 * Writes of `needs_reauth` or `disabled` connections wait; the first tick after
 * re-authorization or enable delivers them, in order.
 */
export class PushScheduler {
  readonly #services: HealthServices;
  readonly #options: PushSchedulerOptions;
  readonly #ticker: Ticker;

  constructor(services: HealthServices, options: PushSchedulerOptions) {
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

  /** Delivers every connection's due writes once; returns the outcomes. */
  async tick(): Promise<PushOutcome[]> {
    const { ctx } = this.#services;
    const due = await createRepositories(ctx.db).outbox.listDueConnections(ctx.now(), 100);
    const outcomes: PushOutcome[] = [];
    await runPool(due, this.#options.concurrency ?? 4, async (connectionId) => {
      try {
        outcomes.push(await runPush(this.#services, connectionId, this.#options));
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    return outcomes;
  }
}

/**
 * Delivers a connection's queued writes now (`orgbridge sync push`), as the scheduler would;
 * returns how the run ended and the outbox's counts by state after it.
 */
export async function pushNow(
  services: HealthServices,
  workspaceId: string,
  connectionId: string,
  options: PushOptions,
): Promise<{ outcome: PushOutcome; writes: Record<string, number> }> {
  const repos = createRepositories(services.ctx.db);
  if (!(await repos.connections.findInWorkspace(workspaceId, connectionId)))
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  const outcome = await runPush(services, connectionId, options);
  return { outcome, writes: await repos.outbox.countByState(connectionId) };
}
