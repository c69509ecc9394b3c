import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, EmailDeliveryTable } from './database.ts';
import type { DeliverySettlement, DueDelivery } from './delivery-state.ts';

export type EmailDeliveryRow = Selectable<EmailDeliveryTable>;

/** A due email, with its recipient. */
export interface DueEmailDelivery extends DueDelivery {
  recipient: string;
}

/** SQL for the email queue. */
export class EmailDeliveryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insertMany(rows: Array<Insertable<EmailDeliveryTable>>): Promise<void> {
    if (rows.length === 0) return;
    await this.#db.insertInto('email_delivery').values(rows).execute();
  }

  /** A workspace's emails, newest first (for operators and tests). */
  async listForWorkspace(workspaceId: string, limit: number): Promise<EmailDeliveryRow[]> {
    return this.#db
      .selectFrom('email_delivery')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Due emails, earliest first. */
  async listDue(now: number, limit: number): Promise<DueEmailDelivery[]> {
    const rows = await this.#db
      .selectFrom('email_delivery as d')
      .innerJoin('event', 'event.id', 'd.event_id')
      .select([
        'd.id',
        'd.recipient',
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
      .where('d.state', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, next_attempt_at: r.next_attempt_at! }));
  }

  /** Takes a due email for one attempt; see `WebhookDeliveryRepository.claim`. */
  async claim(id: string, due: number, leaseUntil: number, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('email_delivery')
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

  /** Records an attempt's outcome, unless the email was claimed again since (`attempts`). */
  async settle(id: string, attempts: number, outcome: DeliverySettlement): Promise<boolean> {
    const result = await this.#db
      .updateTable('email_delivery')
      .set(outcome)
      .where('id', '=', id)
      .where('attempts', '=', attempts)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
