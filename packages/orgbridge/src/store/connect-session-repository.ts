import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ConnectSessionTable, Database } from './database.ts';

export type ConnectSessionRow = Selectable<ConnectSessionTable>;

/** SQL for connect sessions of the OAuth web-server flow. */
export class ConnectSessionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: Insertable<ConnectSessionTable>): Promise<void> {
    await this.#db.insertInto('connect_session').values(row).execute();
  }

  /** Any session with this state hash, used or not (to tell "reused" from "unknown"). */
  async findByStateHash(stateHash: string): Promise<ConnectSessionRow | undefined> {
    return this.#db
      .selectFrom('connect_session')
      .selectAll()
      .where('state_hash', '=', stateHash)
      .executeTakeFirst();
  }

  /**
   * Marks the session used, atomically: of any number of concurrent callbacks carrying the same
   * state, exactly one gets the row back. Expired or already used sessions return undefined.
   */
  async consume(stateHash: string, now: number): Promise<ConnectSessionRow | undefined> {
    return this.#db
      .updateTable('connect_session')
      .set({ used_at: now })
      .where('state_hash', '=', stateHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes sessions that expired before `before` (housekeeping). */
  async deleteExpired(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('connect_session')
      .where('expires_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
