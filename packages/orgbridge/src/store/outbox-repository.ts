import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OutboxWriteTable, PushEchoTable } from './database.ts';

export type OutboxWriteRow = Selectable<OutboxWriteTable>;
export type PushEchoRow = Selectable<PushEchoTable>;

/** SQL for the outbox of writes to Salesforce, its delivery lease and the echo log. */
export class OutboxRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insertWrites(rows: Array<Insertable<OutboxWriteTable>>): Promise<void> {
    // 22 columns a row: 500 rows stay well under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 500)
      await this.#db
        .insertInto('outbox_write')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async findWrite(connectionId: string, id: string): Promise<OutboxWriteRow | undefined> {
    const row = await this.#db
      .selectFrom('outbox_write')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && normalize(row);
  }

  /** Writes in this state, in the order they were accepted. */
  async listByState(
    connectionId: string,
    state: string,
    limit: number,
    options: { dueBy?: number } = {},
  ): Promise<OutboxWriteRow[]> {
    let query = this.#db
      .selectFrom('outbox_write')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('state', '=', state);
    if (options.dueBy !== undefined) query = query.where('next_attempt_at', '<=', options.dueBy);
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map(normalize);
  }

  /** Record keys of pending writes accepted before `seq` that are not due yet (they block later ones). */
  async waitingKeys(connectionId: string, dueBy: number, beforeSeq: number): Promise<Set<string>> {
    const rows = await this.#db
      .selectFrom('outbox_write')
      .select('record_key')
      .where('connection_id', '=', connectionId)
      .where('state', '=', 'pending')
      .where('next_attempt_at', '>', dueBy)
      .where('seq', '<', beforeSeq)
      .execute();
    return new Set(rows.map((r) => r.record_key));
  }

  async updateWrites(ids: string[], patch: Updateable<OutboxWriteTable>): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await this.#db
        .updateTable('outbox_write')
        .set(patch)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  }

  async updateWrite(id: string, patch: Updateable<OutboxWriteTable>): Promise<void> {
    await this.#db.updateTable('outbox_write').set(patch).where('id', '=', id).execute();
  }

  /** Connections with writes due for delivery and no live delivery lease. */
  async listDueConnections(now: number, limit: number): Promise<string[]> {
    // Connections that cannot work now are left out: their writes wait where they are.
    const rows = await this.#db
      .selectFrom('outbox_write')
      .innerJoin('connection', 'connection.id', 'outbox_write.connection_id')
      .leftJoin('outbox_lease', 'outbox_lease.connection_id', 'outbox_write.connection_id')
      .select('outbox_write.connection_id')
      .distinct()
      .where('outbox_write.state', 'in', ['pending', 'sending'])
      .where('outbox_write.next_attempt_at', '<=', now)
      .where('connection.status', 'in', ['active', 'degraded'])
      .where((eb) =>
        eb.or([eb('outbox_lease.until', 'is', null), eb('outbox_lease.until', '<=', now)]),
      )
      .limit(limit)
      .execute();
    return rows.map((r) => r.connection_id);
  }

  /** Counts of a connection's writes by state. */
  async countByState(connectionId: string): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('outbox_write')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('connection_id', '=', connectionId)
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** Takes the connection's delivery lease if it is free, expired, or already ours. */
  async acquireLease(
    connectionId: string,
    holder: string,
    now: number,
    until: number,
  ): Promise<boolean> {
    await this.#db
      .insertInto('outbox_lease')
      .values({ connection_id: connectionId, holder: null, until: null })
      .onConflict((oc) => oc.column('connection_id').doNothing())
      .execute();
    const result = await this.#db
      .updateTable('outbox_lease')
      .set({ holder, until })
      .where('connection_id', '=', connectionId)
      .where((eb) =>
        eb.or([eb('until', 'is', null), eb('until', '<=', now), eb('holder', '=', holder)]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Whether `holder` still holds the lease (checked inside result transactions). */
  async holdsLease(connectionId: string, holder: string, now: number): Promise<boolean> {
    const row = await this.#db
      .selectFrom('outbox_lease')
      .select(['holder', 'until'])
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row?.holder === holder && Number(row.until) > now;
  }

  async releaseLease(connectionId: string, holder: string): Promise<void> {
    await this.#db
      .updateTable('outbox_lease')
      .set({ holder: null, until: null })
      .where('connection_id', '=', connectionId)
      .where('holder', '=', holder)
      .execute();
  }

  /** Remembers what was written to these records (merged with earlier writes still remembered). */
  async rememberEchoes(rows: PushEchoRow[]): Promise<void> {
    for (const row of rows) {
      const earlier = await this.#db
        .selectFrom('push_echo')
        .select('fields')
        .where('connection_id', '=', row.connection_id)
        .where('object', '=', row.object)
        .where('record_id', '=', row.record_id)
        .executeTakeFirst();
      const fields = earlier
        ? JSON.stringify({
            ...(JSON.parse(earlier.fields) as object),
            ...(JSON.parse(row.fields) as object),
          })
        : row.fields;
      await this.#db
        .insertInto('push_echo')
        .values({ ...row, fields })
        .onConflict((oc) =>
          oc
            .columns(['connection_id', 'object', 'record_id'])
            .doUpdateSet({ fields, written_at: row.written_at }),
        )
        .execute();
    }
  }

  async echoes(connectionId: string, object: string, recordIds: string[]): Promise<PushEchoRow[]> {
    const found: PushEchoRow[] = [];
    for (let i = 0; i < recordIds.length; i += 500) {
      const rows = await this.#db
        .selectFrom('push_echo')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('object', '=', object)
        .where('record_id', 'in', recordIds.slice(i, i + 500))
        .execute();
      found.push(...rows.map((r) => ({ ...r, written_at: Number(r.written_at) })));
    }
    return found;
  }

  async forgetEchoes(connectionId: string, object: string, recordIds: string[]): Promise<void> {
    for (let i = 0; i < recordIds.length; i += 500)
      await this.#db
        .deleteFrom('push_echo')
        .where('connection_id', '=', connectionId)
        .where('object', '=', object)
        .where('record_id', 'in', recordIds.slice(i, i + 500))
        .execute();
  }

  /** Whether the connection has any remembered writes (the pull skips the echo check if not). */
  async hasEchoes(connectionId: string, object: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('push_echo')
      .select('record_id')
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** PostgreSQL returns bigint columns as strings. */
function normalize(row: OutboxWriteRow): OutboxWriteRow {
  return {
    ...row,
    seq: Number(row.seq),
    attempts: Number(row.attempts),
    next_attempt_at: Number(row.next_attempt_at),
    sent_at: row.sent_at === null ? null : Number(row.sent_at),
    created_at: Number(row.created_at),
    completed_at: row.completed_at === null ? null : Number(row.completed_at),
    result_created: row.result_created === null ? null : Number(row.result_created),
  };
}
