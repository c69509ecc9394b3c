import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../open-store.ts';

/**
 * Connections, their grants (one current, older ones kept without secrets), connect sessions of
 * the OAuth web-server flow, and the event log. Secrets are only ever stored sealed by the vault.
 */
export function connectionsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('connection')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspace.id').onDelete('cascade'),
        )
        .addColumn('nickname', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('login_url', 'text', (c) => c.notNull())
        .addColumn('auth_flow', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('status_before_disable', 'text')
        .addColumn('status_detail', 'text')
        .addColumn('client_id', 'text')
        .addColumn('client_secret_sealed', 'text')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('org_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('username', 'text')
        .addColumn('display_name', 'text')
        .addColumn('profile_name', 'text')
        .addColumn('user_type', 'text')
        .addColumn('is_sandbox', 'integer')
        .addColumn('instance_url', 'text')
        .addColumn('identity_url', 'text')
        .addColumn('refresh_lease_holder', 'text')
        .addColumn('refresh_lease_until', 'bigint')
        .addColumn('last_refresh_at', 'bigint')
        .addColumn('session_lifetime_ms', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(sql`1`))
        .addUniqueConstraint('connection_nickname_unique', ['workspace_id', 'nickname'])
        .execute();
      await db.schema
        .createIndex('connection_identity_idx')
        .on('connection')
        .columns(['org_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('connection_status_idx')
        .on('connection')
        .column('status')
        .execute();

      await db.schema
        .createTable('connection_grant')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connection.id').onDelete('cascade'),
        )
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('refresh_token_sealed', 'text')
        .addColumn('access_token_sealed', 'text')
        .addColumn('access_token_issued_at', 'bigint')
        .addColumn('instance_url', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('replaced_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('connection_grant_connection_idx')
        .on('connection_grant')
        .column('connection_id')
        .execute();

      await db.schema
        .createTable('connect_session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('state_hash', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspace.id').onDelete('cascade'),
        )
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connection.id').onDelete('cascade'),
        )
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('code_verifier_sealed', 'text', (c) => c.notNull())
        .addColumn('login_url', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();

      // Events are read in insertion order by a cursor; each dialect spells an auto-increment key its own way.
      await db.schema
        .createTable('event')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspace.id').onDelete('cascade'),
        )
        .addColumn('connection_id', 'text')
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('event_workspace_idx')
        .on('event')
        .columns(['workspace_id', 'seq'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['event', 'connect_session', 'connection_grant', 'connection']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
