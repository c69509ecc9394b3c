import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const CONNECTION_COLUMNS: Array<[string, 'text' | 'bigint' | 'integer']> = [
  // Non-interactive flows: the sealed JSON of the flow's own credentials (username, password and
  // security token; or username and private key).
  ['credentials_sealed', 'text'],
  // Password expiry: the policy's period in days (0: never), the user's last change, and the
  // nearest warning threshold already announced (14, 7, 1), so each is announced once.
  ['password_expiry_days', 'integer'],
  ['password_changed_at', 'bigint'],
  ['password_warned_days', 'integer'],
  // Health: when the next background probe is due, and the latest result.
  ['next_probe_at', 'bigint'],
  ['last_probe_at', 'bigint'],
  ['last_probe_ok', 'integer'],
  // API budget: the org's daily requests as last seen (Sforce-Limit-Info or /limits), and the
  // highest warning level already announced for the current day's climb (80, 95).
  ['api_requests_used', 'bigint'],
  ['api_requests_max', 'bigint'],
  ['api_usage_at', 'bigint'],
  ['api_warned_percent', 'integer'],
  // What orgbridge learnt about the authorizing user (JSON: API-only, password never expires,
  // profile, license), for the integration-user advice; and when, to re-read it daily.
  ['user_facts', 'text'],
  ['user_facts_at', 'bigint'],
  // Permission verification: what the connection must have (JSON: a preset with its options,
  // or a workspace profile's name), the latest report (JSON), and when it was made (null: due).
  ['permission_requirement', 'text'],
  ['permission_report', 'text'],
  ['permission_checked_at', 'bigint'],
];

/**
 * Every way in (password, JWT bearer and client-credentials flows keep their credentials sealed
 * on the connection), health probes with a history, password expiry, the API budget, and
 * permission verification with workspace-defined requirement profiles.
 */
export const authFlowsAndHealthMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [name, type] of CONNECTION_COLUMNS) {
      await db.schema.alterTable('connection').addColumn(name, type).execute();
    }
    await db.schema
      .createIndex('connection_next_probe_idx')
      .on('connection')
      .column('next_probe_at')
      .execute();
    await db.schema
      .createTable('health_check')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) =>
        c.notNull().references('connection.id').onDelete('cascade'),
      )
      .addColumn('checked_at', 'bigint', (c) => c.notNull())
      // `probe` (background) or `manual` (POST …/health/check).
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      // The outcome's kind and reason (`needs_reauth`/`user_inactive`, `transient`/`timeout`…).
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('message', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('status_after', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('requirement_profile')
      .addColumn('workspace_id', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('requirement_profile_pk', ['workspace_id', 'name'])
      .execute();
    await db.schema
      .createIndex('health_check_connection_idx')
      .on('health_check')
      .columns(['connection_id', 'checked_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('health_check').execute();
    await db.schema.dropTable('requirement_profile').execute();
    for (const [name] of CONNECTION_COLUMNS) {
      await db.schema.alterTable('connection').dropColumn(name).execute();
    }
  },
};
