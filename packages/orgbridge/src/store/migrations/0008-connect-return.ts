import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Where the admin's browser goes after the OAuth callback: a path on orgbridge's own public URL
 * (the connections page), or null for the callback's own result page.
 */
export const connectReturnMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('connect_session').addColumn('return_to', 'text').execute();
  },
};
