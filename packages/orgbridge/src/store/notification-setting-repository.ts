import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationSettingTable } from './database.ts';

export type NotificationSettingRow = Selectable<NotificationSettingTable>;

/** SQL for a workspace's notification settings (who gets its emails). */
export class NotificationSettingRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(workspaceId: string): Promise<NotificationSettingRow | undefined> {
    return this.#db
      .selectFrom('notification_setting')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
  }

  /** Inserts or replaces the workspace's settings. */
  async put(row: NotificationSettingRow): Promise<void> {
    await this.#db
      .insertInto('notification_setting')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('workspace_id')
          .doUpdateSet({ admin_emails: row.admin_emails, updated_at: row.updated_at }),
      )
      .execute();
  }
}
