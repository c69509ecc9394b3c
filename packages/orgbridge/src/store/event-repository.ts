import type { Kysely, Selectable } from 'kysely';
import type { Database, EventTable } from './database.ts';

export type EventRow = Selectable<EventTable>;

/** SQL for the event log. */
export class EventRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Appends an event; returns its sequence number (the cursor clients resume from). */
  async append(row: Omit<EventRow, 'seq'>): Promise<number> {
    const inserted = await this.#db
      .insertInto('event')
      .values(row)
      .returning('seq')
      .executeTakeFirstOrThrow();
    return Number(inserted.seq);
  }

  /** A workspace's events after a sequence number, oldest first, optionally for one connection. */
  async list(options: {
    workspaceId: string;
    afterSeq?: number;
    connectionId?: string;
    limit: number;
  }): Promise<EventRow[]> {
    let query = this.#db
      .selectFrom('event')
      .selectAll()
      .where('workspace_id', '=', options.workspaceId)
      .where('seq', '>', options.afterSeq ?? 0);
    if (options.connectionId !== undefined)
      query = query.where('connection_id', '=', options.connectionId);
    const rows = await query.orderBy('seq').limit(options.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
