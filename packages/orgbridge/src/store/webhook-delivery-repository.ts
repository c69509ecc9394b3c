import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveryTable } from './database.ts';
import type { DeliverySettlement, DueDelivery } from './delivery-state.ts';

export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;

/** A due webhook delivery, with its subscription. */
export interface DueWebhookDelivery extends DueDelivery {
  webhook_id: string;
}

/** SQL for the webhook delivery queue and its log. */
export class WebhookDeliveryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insertMany(rows: Array<Insertable<WebhookDeliveryTable>>): Promise<void> {
    if (rows.length === 0) return;
    await this.#db.insertInto('webhook_delivery').values(rows).execute();
  }

  /** A subscription's deliveries, newest first, optionally older than a sequence number. */
  async listLog(
    webhookId: string,
    options: { beforeSeq?: number; limit: number },
  ): Promise<WebhookDeliveryRow[]> {
    let query = this.#db
      .selectFrom('webhook_delivery')
      .selectAll()
      .where('webhook_id', '=', webhookId);
    if (options.beforeSeq !== undefined) query = query.where('seq', '<', options.beforeSeq);
    return query.orderBy('seq', 'desc').limit(options.limit).execute();
  }

  async find(webhookId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.#db
      .selectFrom('webhook_delivery')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Due deliveries, earliest first, at most `perWebhook` of each subscription (so one endpoint
   * with a deep backlog cannot fill the batch), skipping subscriptions this process has no
   * room for.
   */
  async listDue(
    now: number,
    options: { perWebhook: number; limit: number; excludeWebhookIds: readonly string[] },
  ): Promise<DueWebhookDelivery[]> {
    let ranked = this.#db
      .selectFrom('webhook_delivery')
      .select(['id', 'webhook_id', 'event_id', 'next_attempt_at', 'attempts', 'expires_at'])
      .select((eb) =>
        eb.fn
          .agg<number>('row_number')
          .over((ob) => ob.partitionBy('webhook_id').orderBy('next_attempt_at').orderBy('seq'))
          .as('rank'),
      )
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now);
    if (options.excludeWebhookIds.length > 0)
      ranked = ranked.where('webhook_id', 'not in', options.excludeWebhookIds);
    const rows = await this.#db
      .selectFrom(ranked.as('d'))
      .innerJoin('event', 'event.id', 'd.event_id')
      .select([
        'd.id',
        'd.webhook_id',
        'd.event_id',
        'd.next_attempt_at',
        'd.attempts',
        'd.expires_at',
        'event.type as event_type',
        'event.workspace_id',
        'event.connection_id',
        'event.occurred_at',
        'event.data',
      ])
      .where('d.rank', '<=', options.perWebhook)
      .orderBy('d.next_attempt_at')
      .limit(options.limit)
      .execute();
    return rows.map((r) => ({ ...r, next_attempt_at: r.next_attempt_at! }));
  }

  /**
   * Takes a due delivery for one attempt: only if it is still due at the time read (another
   * process did not take it first). Moves its due time to `leaseUntil`, so a sender that dies
   * mid-attempt leaves it due again then, and counts the attempt.
   */
  async claim(id: string, due: number, leaseUntil: number, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_delivery')
      .set((eb) => ({
        next_attempt_at: leaseUntil,
        attempts: eb('attempts', '+', 1),
        last_attempt_at: now,
      }))
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '=', due)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Records an attempt's outcome, unless the delivery was claimed again since (`attempts`). */
  async settle(
    id: string,
    attempts: number,
    outcome: DeliverySettlement & { last_status: number | null },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_delivery')
      .set(outcome)
      .where('id', '=', id)
      .where('attempts', '=', attempts)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Queues a delivery again, due now, with a new retry window. */
  async redeliver(id: string, now: number, expiresAt: number): Promise<void> {
    await this.#db
      .updateTable('webhook_delivery')
      .set({ state: 'pending', next_attempt_at: now, expires_at: expiresAt, delivered_at: null })
      .where('id', '=', id)
      .execute();
  }
}
