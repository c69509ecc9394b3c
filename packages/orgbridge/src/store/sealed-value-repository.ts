import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** Every column that holds a vault-sealed secret, as `table.column`. */
export const SEALED_COLUMNS = [
  { table: 'connection', column: 'client_secret_sealed' },
  { table: 'connection', column: 'credentials_sealed' },
  { table: 'connection_grant', column: 'refresh_token_sealed' },
  { table: 'connection_grant', column: 'access_token_sealed' },
  { table: 'connect_session', column: 'code_verifier_sealed' },
  { table: 'webhook', column: 'secret_sealed' },
] as const;

export type SealedColumn = (typeof SEALED_COLUMNS)[number];

/** One stored sealed value and where it lives. */
export interface SealedValue {
  table: SealedColumn['table'];
  column: SealedColumn['column'];
  rowId: string;
  sealed: string;
}

/** Reads and replaces sealed values across the schema, for master-key rotation. */
export class SealedValueRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Every sealed value, in batches by row id (never the whole table in memory). */
  async *scan(batchSize = 500): AsyncGenerator<SealedValue> {
    for (const { table, column } of SEALED_COLUMNS) {
      let after = '';
      for (;;) {
        // The column name comes from the fixed list above, never from input.
        const rows = (await this.#db
          .selectFrom(table)
          .select(['id', `${column} as sealed` as 'id'])
          .where(column as never, 'is not', null)
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .execute()) as unknown as Array<{ id: string; sealed: string }>;
        for (const row of rows) yield { table, column, rowId: row.id, sealed: row.sealed };
        if (rows.length < batchSize) break;
        after = rows.at(-1)!.id;
      }
    }
  }

  /**
   * Replaces one sealed value only if it is still the one read (a concurrent refresh may have
   * written a newer one, which is then left alone). Returns whether it was replaced.
   */
  async replace(value: SealedValue, next: string): Promise<boolean> {
    const result = await this.#db
      .updateTable(value.table)
      .set({ [value.column]: next } as never)
      .where('id', '=', value.rowId)
      .where(value.column as never, '=', value.sealed as never)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
