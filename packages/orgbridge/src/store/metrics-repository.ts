import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Work due now, by kind: what the background workers have yet to pick up. */
export interface DueWork {
  probes: number;
  pulls: number;
  pushConnections: number;
  webhookDeliveries: number;
  emails: number;
}

/** One pull mapping's lag: when it last completed a pull (null: never). */
export interface MappingLag {
  connectionId: string;
  mappingId: string;
  object: string;
  lastSuccessAt: number | null;
  createdAt: number;
}

const WORKING = ['active', 'degraded'] as const;

/** Counts for `/metrics`, read at scrape time: cheap aggregate queries over indexed columns. */
export class MetricsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async connectionsByStatus(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('connection')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('status')
      .execute();
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Due work, with the same conditions the schedulers claim by. */
  async dueWork(now: number): Promise<DueWork> {
    const count = (n: string | number | bigint | undefined) => Number(n ?? 0);
    const probes = await this.#db
      .selectFrom('connection')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', 'in', WORKING)
      .where('next_probe_at', '<=', now)
      .executeTakeFirst();
    const pulls = await this.#db
      .selectFrom('sync_mapping')
      .innerJoin('connection', 'connection.id', 'sync_mapping.connection_id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('sync_mapping.direction', 'in', ['pull', 'both'])
      .where('connection.status', 'in', WORKING)
      .where((eb) =>
        eb.or([
          eb('sync_mapping.next_run_at', 'is', null),
          eb('sync_mapping.next_run_at', '<=', now),
        ]),
      )
      .where((eb) =>
        eb.or([eb('sync_mapping.run_until', 'is', null), eb('sync_mapping.run_until', '<=', now)]),
      )
      .executeTakeFirst();
    const pushes = await this.#db
      .selectFrom('outbox_write')
      .innerJoin('connection', 'connection.id', 'outbox_write.connection_id')
      .select(sql<string | number>`count(distinct outbox_write.connection_id)`.as('n'))
      .where('outbox_write.state', 'in', ['pending', 'sending'])
      .where('outbox_write.next_attempt_at', '<=', now)
      .where('connection.status', 'in', WORKING)
      .executeTakeFirst();
    const webhooks = await this.#db
      .selectFrom('webhook_delivery')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .executeTakeFirst();
    const emails = await this.#db
      .selectFrom('email_delivery')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .executeTakeFirst();
    return {
      probes: count(probes?.n),
      pulls: count(pulls?.n),
      pushConnections: count(pushes?.n),
      webhookDeliveries: count(webhooks?.n),
      emails: count(emails?.n),
    };
  }

  async outboxByState(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('outbox_write')
      .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('state')
      .execute();
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  async webhookDeliveriesByState(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('webhook_delivery')
      .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('state')
      .execute();
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  async emailDeliveriesByState(): Promise<Map<string, number>> {
    const rows = await this.#db
      .selectFrom('email_delivery')
      .select(['state', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('state')
      .execute();
    return new Map(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Pull mappings of working connections, with when each last completed. */
  async pullLags(): Promise<MappingLag[]> {
    const rows = await this.#db
      .selectFrom('sync_mapping')
      .innerJoin('connection', 'connection.id', 'sync_mapping.connection_id')
      .select([
        'sync_mapping.connection_id',
        'sync_mapping.id',
        'sync_mapping.object',
        'sync_mapping.last_success_at',
        'sync_mapping.created_at',
      ])
      .where('sync_mapping.direction', 'in', ['pull', 'both'])
      .execute();
    return rows.map((r) => ({
      connectionId: r.connection_id,
      mappingId: r.id,
      object: r.object,
      lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
      createdAt: Number(r.created_at),
    }));
  }
}
