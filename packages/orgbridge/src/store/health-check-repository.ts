import type { Kysely, Selectable } from 'kysely';
import type { Database, HealthCheckTable } from './database.ts';

export type HealthCheckRow = Selectable<HealthCheckTable>;

/** SQL for the health-check history of connections. */
export class HealthCheckRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: HealthCheckRow): Promise<void> {
    await this.#db.insertInto('health_check').values(row).execute();
  }

  /** A connection's latest checks, newest first. */
  async listRecent(connectionId: string, limit: number): Promise<HealthCheckRow[]> {
    return this.#db
      .selectFrom('health_check')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('checked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Deletes all but the newest `keep` checks of a connection (one statement). */
  async trim(connectionId: string, keep: number): Promise<void> {
    await this.#db
      .deleteFrom('health_check')
      .where('connection_id', '=', connectionId)
      .where('id', 'not in', (eb) =>
        eb
          .selectFrom('health_check')
          .select('id')
          .where('connection_id', '=', connectionId)
          .orderBy('checked_at', 'desc')
          .orderBy('id', 'desc')
          .limit(keep),
      )
      .execute();
  }
}
