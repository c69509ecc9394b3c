import {
  CompiledQuery,
  type Insertable,
  type Kysely,
  type Selectable,
  type Updateable,
} from 'kysely';
import { skipsLockedRows } from './claim-dialect.ts';
import type { Database, SyncedRecordTable, SyncMappingTable } from './database.ts';

export type SyncMappingRow = Selectable<SyncMappingTable>;
export type SyncedRecordRow = Selectable<SyncedRecordTable>;

/** SQLite allows 32,766 bound parameters per statement; 9 columns a row leaves room for 500. */
const ROWS_PER_INSERT = 500;

/** The columns of a record row, in the order the compiled upsert binds them. */
const RECORD_COLUMNS = [
  'connection_id',
  'object',
  'record_id',
  'system_modstamp',
  'is_deleted',
  'data',
  'change_seq',
  'synced_at',
  'seen_in',
] as const satisfies ReadonlyArray<keyof SyncedRecordRow>;

/** Compiled upsert SQL per dialect and batch size. */
const upsertSqlCache = new Map<string, string>();

/** SQL for sync mappings, their cursors and run leases, and the pulled records. */
export class SyncRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insertMapping(row: Insertable<SyncMappingTable>): Promise<void> {
    await this.#db.insertInto('sync_mapping').values(row).execute();
  }

  async findMapping(id: string): Promise<SyncMappingRow | undefined> {
    return this.#db.selectFrom('sync_mapping').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * A mapping read to fence a commit on its run lease, locked until the transaction ends on
   * PostgreSQL: a process taking the lease over waits for this commit instead of racing it.
   */
  async lockMapping(id: string): Promise<SyncMappingRow | undefined> {
    let query = this.#db.selectFrom('sync_mapping').selectAll().where('id', '=', id);
    if (skipsLockedRows(this.#db)) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async listMappings(connectionId: string): Promise<SyncMappingRow[]> {
    return this.#db
      .selectFrom('sync_mapping')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('object')
      .execute();
  }

  async updateMapping(id: string, patch: Updateable<SyncMappingTable>): Promise<void> {
    await this.#db.updateTable('sync_mapping').set(patch).where('id', '=', id).execute();
  }

  async deleteMapping(id: string): Promise<void> {
    await this.#db.deleteFrom('sync_mapping').where('id', '=', id).execute();
  }

  /**
   * Pull mappings due to run, of connections that may work (`active` or `degraded`): the
   * connection's status is read here so that a paused connection's mappings wait where they are.
   */
  async listDuePulls(now: number, limit: number): Promise<Array<{ id: string }>> {
    return this.#db
      .selectFrom('sync_mapping')
      .innerJoin('connection', 'connection.id', 'sync_mapping.connection_id')
      .select('sync_mapping.id')
      .where('sync_mapping.direction', 'in', ['pull', 'both'])
      .where('connection.status', 'in', ['active', 'degraded'])
      .where((eb) =>
        eb.or([
          eb('sync_mapping.next_run_at', 'is', null),
          eb('sync_mapping.next_run_at', '<=', now),
        ]),
      )
      .where((eb) =>
        eb.or([eb('sync_mapping.run_until', 'is', null), eb('sync_mapping.run_until', '<=', now)]),
      )
      .orderBy('sync_mapping.next_run_at')
      .limit(limit)
      .execute();
  }

  /** Makes every mapping of a connection due now: after re-authorization or enable, catch up at once. */
  async wakeConnection(connectionId: string): Promise<void> {
    await this.#db
      .updateTable('sync_mapping')
      .set({ next_run_at: null })
      .where('connection_id', '=', connectionId)
      .execute();
  }

  /** Takes the mapping's run lease if it is free or expired: one run per mapping at a time. */
  async acquireRun(id: string, holder: string, now: number, until: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('sync_mapping')
      .set({ run_holder: holder, run_until: until })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('run_until', 'is', null),
          eb('run_until', '<=', now),
          eb('run_holder', '=', holder),
        ]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseRun(id: string, holder: string, nextRunAt: number | null): Promise<void> {
    await this.#db
      .updateTable('sync_mapping')
      .set({ run_holder: null, run_until: null, next_run_at: nextRunAt })
      .where('id', '=', id)
      .where('run_holder', '=', holder)
      .execute();
  }

  async deleteRecords(connectionId: string, object: string): Promise<void> {
    await this.#db
      .deleteFrom('synced_record')
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .execute();
  }

  /**
   * The stored version of each of these records that exists, as `modstamp|deleted|data`:
   * SystemModstamp has whole seconds only, so two changes within one second share it, and only
   * the data tells them apart.
   */
  async storedVersions(
    connectionId: string,
    object: string,
    recordIds: string[],
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < recordIds.length; i += ROWS_PER_INSERT) {
      const rows = await this.#db
        .selectFrom('synced_record')
        .select(['record_id', 'system_modstamp', 'is_deleted', 'data'])
        .where('connection_id', '=', connectionId)
        .where('object', '=', object)
        .where('record_id', 'in', recordIds.slice(i, i + ROWS_PER_INSERT))
        .execute();
      for (const r of rows)
        found.set(r.record_id, `${r.system_modstamp}|${r.is_deleted}|${r.data}`);
    }
    return found;
  }

  /**
   * Inserts or replaces records (keyed by connection, object and Id). The hot path of a pull:
   * the statement for a batch of n rows is compiled by Kysely once and then only re-bound, which
   * took most of the CPU of a large load when it was rebuilt for every batch.
   */
  async upsertRecords(rows: SyncedRecordRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const parameters: unknown[] = [];
      for (const row of chunk) for (const column of RECORD_COLUMNS) parameters.push(row[column]);
      await this.#db.executeQuery(CompiledQuery.raw(this.#upsertSql(chunk.length), parameters));
    }
  }

  #upsertSql(rowCount: number): string {
    // A transaction is a new handle each time; the SQL text depends only on the dialect.
    const dialect = this.#db.getExecutor().adapter.constructor.name;
    const key = `${dialect}:${rowCount}`;
    const cached = upsertSqlCache.get(key);
    if (cached) return cached;
    const template = Array.from({ length: rowCount }, () =>
      Object.fromEntries(RECORD_COLUMNS.map((c) => [c, `@${c}`])),
    ) as unknown as SyncedRecordRow[];
    const compiled = this.#db
      .insertInto('synced_record')
      .values(template)
      .onConflict((oc) =>
        oc.columns(['connection_id', 'object', 'record_id']).doUpdateSet((eb) => ({
          system_modstamp: eb.ref('excluded.system_modstamp'),
          is_deleted: eb.ref('excluded.is_deleted'),
          data: eb.ref('excluded.data'),
          change_seq: eb.ref('excluded.change_seq'),
          synced_at: eb.ref('excluded.synced_at'),
        })),
      )
      .compile();
    // The binding order is checked, not assumed: row by row, column by column.
    const expected = template.flatMap(() => RECORD_COLUMNS.map((c) => `@${c}`));
    if (
      compiled.parameters.some((p, i) => p !== expected[i]) ||
      compiled.parameters.length !== expected.length
    )
      throw new Error('unexpected upsert statement shape');
    upsertSqlCache.set(key, compiled.sql);
    return compiled.sql;
  }

  /** Stored records by Id (15- or 18-character: matched on the first 15). */
  async recordsByIds(
    connectionId: string,
    object: string,
    recordIds: string[],
  ): Promise<SyncedRecordRow[]> {
    const found: SyncedRecordRow[] = [];
    const ids = new Set(recordIds.map((id) => id.slice(0, 15)));
    for (let i = 0; i < recordIds.length; i += ROWS_PER_INSERT) {
      // Stored Ids are as Salesforce sent them (18 characters); match both spellings.
      const slice = recordIds.slice(i, i + ROWS_PER_INSERT);
      const rows = await this.#db
        .selectFrom('synced_record')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('object', '=', object)
        .where('record_id', 'in', slice)
        .execute();
      found.push(...rows.filter((r) => ids.has(r.record_id.slice(0, 15))));
    }
    return found;
  }

  /** Marks records as seen alive by a reconciliation pass. */
  async markSeen(
    connectionId: string,
    object: string,
    recordIds: string[],
    pass: string,
  ): Promise<void> {
    for (let i = 0; i < recordIds.length; i += ROWS_PER_INSERT) {
      await this.#db
        .updateTable('synced_record')
        .set({ seen_in: pass })
        .where('connection_id', '=', connectionId)
        .where('object', '=', object)
        .where('record_id', 'in', recordIds.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
  }

  /** Live records a reconciliation pass did not see: deleted in Salesforce long ago. */
  async unseenLive(
    connectionId: string,
    object: string,
    pass: string,
    limit: number,
  ): Promise<SyncedRecordRow[]> {
    return this.#db
      .selectFrom('synced_record')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .where('is_deleted', '=', 0)
      .where((eb) => eb.or([eb('seen_in', 'is', null), eb('seen_in', '!=', pass)]))
      .limit(limit)
      .execute();
  }

  /** Live local records among these ids. */
  async liveAmong(
    connectionId: string,
    object: string,
    recordIds: string[],
  ): Promise<SyncedRecordRow[]> {
    const found: SyncedRecordRow[] = [];
    for (let i = 0; i < recordIds.length; i += ROWS_PER_INSERT) {
      found.push(
        ...(await this.#db
          .selectFrom('synced_record')
          .selectAll()
          .where('connection_id', '=', connectionId)
          .where('object', '=', object)
          .where('is_deleted', '=', 0)
          .where('record_id', 'in', recordIds.slice(i, i + ROWS_PER_INSERT))
          .execute()),
      );
    }
    return found;
  }

  /** The change feed: records whose latest change comes after `afterSeq`, in order. */
  async changesAfter(
    connectionId: string,
    object: string,
    afterSeq: number,
    limit: number,
  ): Promise<SyncedRecordRow[]> {
    return this.#db
      .selectFrom('synced_record')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .where('change_seq', '>', afterSeq)
      .orderBy('change_seq')
      .limit(limit)
      .execute();
  }

  /** Every stored record of the object, tombstones included. */
  async countAll(connectionId: string, object: string): Promise<number> {
    const row = await this.#db
      .selectFrom('synced_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countRecords(connectionId: string, object: string): Promise<number> {
    const row = await this.#db
      .selectFrom('synced_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('connection_id', '=', connectionId)
      .where('object', '=', object)
      .where('is_deleted', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
