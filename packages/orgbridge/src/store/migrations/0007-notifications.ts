import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../open-store.ts';

/**
 * Notifications: a workspace's webhook subscriptions (the signing secret sealed by the vault),
 * one durable delivery row per event and matching subscription, the workspace's admin addresses,
 * and one durable email row per event and address. Delivery rows are written in the same
 * transaction as the event they deliver, so no event is ever missed or announced twice.
 */
export function notificationsMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhook')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspace.id').onDelete('cascade'),
        )
        .addColumn('url', 'text', (c) => c.notNull())
        // JSON array of event types, or `["*"]` for every type.
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_workspace_idx')
        .on('webhook')
        .column('workspace_id')
        .execute();

      await db.schema
        .createTable('webhook_delivery')
        // The delivery log's order (newest first) and its page cursor.
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('webhook_id', 'text', (c) =>
          c.notNull().references('webhook.id').onDelete('cascade'),
        )
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('event.id').onDelete('cascade'),
        )
        .addColumn('event_type', 'text', (c) => c.notNull())
        // pending | delivered | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // Due time while pending; a claim moves it forward by the lease (a crashed sender's
        // delivery is due again then). Null once delivered or failed.
        .addColumn('next_attempt_at', 'bigint')
        // Retries stop here (24 hours after the event, or after a manual redelivery).
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('last_attempt_at', 'bigint')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // One delivery per event per subscription: nothing is announced twice.
        .addUniqueConstraint('webhook_delivery_event_unique', ['webhook_id', 'event_id'])
        .execute();
      await db.schema
        .createIndex('webhook_delivery_due_idx')
        .on('webhook_delivery')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_delivery_log_idx')
        .on('webhook_delivery')
        .columns(['webhook_id', 'seq'])
        .execute();

      await db.schema
        .createTable('notification_setting')
        .addColumn('workspace_id', 'text', (c) =>
          c.primaryKey().references('workspace.id').onDelete('cascade'),
        )
        // JSON array of the addresses that receive the workspace's emails.
        .addColumn('admin_emails', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('email_delivery')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) =>
          c.notNull().references('workspace.id').onDelete('cascade'),
        )
        .addColumn('event_id', 'text', (c) =>
          c.notNull().references('event.id').onDelete('cascade'),
        )
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('last_attempt_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('email_delivery_event_unique', ['event_id', 'recipient'])
        .execute();
      await db.schema
        .createIndex('email_delivery_due_idx')
        .on('email_delivery')
        .columns(['state', 'next_attempt_at'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['email_delivery', 'notification_setting', 'webhook_delivery', 'webhook'])
        await db.schema.dropTable(table).execute();
    },
  };
}
