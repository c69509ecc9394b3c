import type { Kysely, Selectable } from 'kysely';
import type { Database, WorkspaceTable } from './database.ts';

export type WorkspaceRow = Selectable<WorkspaceTable>;

/** SQL for workspaces. */
export class WorkspaceRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: WorkspaceRow): Promise<void> {
    await this.#db.insertInto('workspace').values(row).execute();
  }

  async find(id: string): Promise<WorkspaceRow | undefined> {
    return this.#db.selectFrom('workspace').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(): Promise<WorkspaceRow[]> {
    return this.#db
      .selectFrom('workspace')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
}
