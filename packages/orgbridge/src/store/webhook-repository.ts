import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookTable } from './database.ts';

export type WebhookRow = Selectable<WebhookTable>;

/** SQL for a workspace's webhook subscriptions. */
export class WebhookRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(row: WebhookRow): Promise<void> {
    await this.#db.insertInto('webhook').values(row).execute();
  }

  /** The workspace's subscriptions, oldest first. */
  async listForWorkspace(workspaceId: string): Promise<WebhookRow[]> {
    return this.#db
      .selectFrom('webhook')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async countForWorkspace(workspaceId: string): Promise<number> {
    const { count } = await this.#db
      .selectFrom('webhook')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /** One subscription of the workspace (another workspace's is not found). */
  async findInWorkspace(workspaceId: string, id: string): Promise<WebhookRow | undefined> {
    return this.#db
      .selectFrom('webhook')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findMany(ids: readonly string[]): Promise<WebhookRow[]> {
    if (ids.length === 0) return [];
    return this.#db.selectFrom('webhook').selectAll().where('id', 'in', ids).execute();
  }

  /** Deletes a subscription with its delivery log and secret; returns whether it existed. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('webhook')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
