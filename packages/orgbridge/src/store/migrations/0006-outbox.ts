import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { Dialect } from '../open-store.ts';

/**
 * Push sync: the outbox of the host application's writes (one row per record write, in the
 * order they were accepted), the per-connection delivery lease, the echo log that keeps
 * orgbridge's own writes out of the change feed, and each mapping's conflict policy.
 */
export function outboxMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('outbox_write')
        // The order writes were accepted in; delivery keeps it per record.
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connection.id').onDelete('cascade'),
        )
        .addColumn('object', 'text', (c) => c.notNull())
        // insert | update | upsert | delete
        .addColumn('operation', 'text', (c) => c.notNull())
        // Which record the write is about, for ordering: `id:<Id>`, `ext:<field>:<value>`, `new:<write id>`.
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('external_id_field', 'text')
        // The fields to write (JSON object); `{}` for a delete.
        .addColumn('fields', 'text', (c) => c.notNull())
        // The record's SystemModstamp as the host application last saw it (for conflicts).
        .addColumn('base_version', 'text')
        // pending | sending | succeeded | failed
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        // The Salesforce Id written, and whether the write created the record.
        .addColumn('result_id', 'text')
        .addColumn('result_created', 'integer')
        // Salesforce's errors for this record (JSON array of { statusCode, message, fields }).
        .addColumn('errors', 'text')
        // How a conflict was resolved (JSON), when there was one.
        .addColumn('conflict', 'text')
        .execute();
      await db.schema
        .createIndex('outbox_write_due_idx')
        .on('outbox_write')
        .columns(['connection_id', 'state', 'seq'])
        .execute();

      await db.schema
        .createTable('outbox_lease')
        .addColumn('connection_id', 'text', (c) =>
          c.primaryKey().references('connection.id').onDelete('cascade'),
        )
        .addColumn('holder', 'text')
        .addColumn('until', 'bigint')
        .execute();

      // What orgbridge wrote to a record lately: a pulled change that only repeats it is an echo.
      await db.schema
        .createTable('push_echo')
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connection.id').onDelete('cascade'),
        )
        .addColumn('object', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('written_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('push_echo_pk', ['connection_id', 'object', 'record_id'])
        .execute();

      await db.schema.alterTable('sync_mapping').addColumn('conflict_policy', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sync_mapping').dropColumn('conflict_policy').execute();
      for (const table of ['push_echo', 'outbox_lease', 'outbox_write'])
        await db.schema.dropTable(table).execute();
    },
  };
}
