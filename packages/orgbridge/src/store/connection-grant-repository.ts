import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ConnectionGrantTable, Database } from './database.ts';

export type ConnectionGrantRow = Selectable<ConnectionGrantTable>;

/** SQL for grants. Secrets arrive and leave sealed; this layer never sees plaintext. */
export class ConnectionGrantRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: Insertable<ConnectionGrantTable>): Promise<void> {
    await this.#db.insertInto('connection_grant').values(row).execute();
  }

  async find(id: string): Promise<ConnectionGrantRow | undefined> {
    return this.#db
      .selectFrom('connection_grant')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Stores a refreshed access token and, when Salesforce rotated it, the new refresh token, in one
   * statement: a rotated refresh token is durable before anyone can use the new access token.
   */
  async storeRefresh(
    id: string,
    tokens: {
      accessTokenSealed: string;
      issuedAt: number;
      instanceUrl: string;
      refreshTokenSealed: string | null;
    },
  ): Promise<void> {
    await this.#db
      .updateTable('connection_grant')
      .set({
        access_token_sealed: tokens.accessTokenSealed,
        access_token_issued_at: tokens.issuedAt,
        instance_url: tokens.instanceUrl,
        ...(tokens.refreshTokenSealed === null
          ? {}
          : { refresh_token_sealed: tokens.refreshTokenSealed }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Ends a grant: marks it replaced (or revoked) and erases its secrets. */
  async retire(id: string, at: number, how: 'replaced' | 'revoked'): Promise<void> {
    await this.#db
      .updateTable('connection_grant')
      .set({
        refresh_token_sealed: null,
        access_token_sealed: null,
        ...(how === 'replaced' ? { replaced_at: at } : { revoked_at: at }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** A few sealed refresh tokens, newest first: the start-up check that the master key fits. */
  async sampleSealedRefreshTokens(limit: number): Promise<Array<{ id: string; sealed: string }>> {
    const rows = await this.#db
      .selectFrom('connection_grant')
      .select(['id', 'refresh_token_sealed'])
      .where('refresh_token_sealed', 'is not', null)
      .orderBy('issued_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, sealed: r.refresh_token_sealed! }));
  }

  /** A few recent access tokens: direct-flow connections hold no refresh token to sample. */
  async sampleSealedAccessTokens(limit: number): Promise<Array<{ id: string; sealed: string }>> {
    const rows = await this.#db
      .selectFrom('connection_grant')
      .select(['id', 'access_token_sealed'])
      .where('access_token_sealed', 'is not', null)
      .orderBy('issued_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, sealed: r.access_token_sealed! }));
  }

  async listForConnection(connectionId: string): Promise<ConnectionGrantRow[]> {
    return this.#db
      .selectFrom('connection_grant')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('issued_at')
      .execute();
  }
}
