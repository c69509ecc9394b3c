import type { Kysely, Selectable } from 'kysely';
import type { Database, RequirementProfileTable } from './database.ts';

export type RequirementProfileRow = Selectable<RequirementProfileTable>;

/** SQL for workspaces' own requirement profiles. */
export class RequirementProfileRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(workspaceId: string): Promise<RequirementProfileRow[]> {
    return this.#db
      .selectFrom('requirement_profile')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
  }

  async find(workspaceId: string, name: string): Promise<RequirementProfileRow | undefined> {
    return this.#db
      .selectFrom('requirement_profile')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  /** Creates or replaces a profile. */
  async put(row: RequirementProfileRow): Promise<void> {
    await this.#db
      .insertInto('requirement_profile')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'name']).doUpdateSet({
          definition: row.definition,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async delete(workspaceId: string, name: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('requirement_profile')
      .where('workspace_id', '=', workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
