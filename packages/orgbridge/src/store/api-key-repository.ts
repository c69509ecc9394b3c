import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ApiKeyTable, Database } from './database.ts';

export type ApiKeyRow = Selectable<ApiKeyTable>;

/** SQL for workspace API keys, looked up by the hash of the presented key. */
export class ApiKeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: Insertable<ApiKeyTable>): Promise<void> {
    await this.#db.insertInto('api_key').values(row).execute();
  }

  /** The live (not revoked) key with this hash. */
  async findActiveByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.#db
      .selectFrom('api_key')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async listForWorkspace(workspaceId: string): Promise<ApiKeyRow[]> {
    return this.#db
      .selectFrom('api_key')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .execute();
  }

  /** Revokes a key; false when it was unknown or already revoked. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_key')
      .set((eb) => ({ revoked_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
