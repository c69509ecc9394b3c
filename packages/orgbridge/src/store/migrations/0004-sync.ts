import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Pull sync: per-connection mappings of Salesforce objects, each mapping's cursor and run state
 * (committed with the records it covers), and the pulled records themselves, one row per record
 * with its fields as JSON and the position of its latest change in the mapping's change feed.
 */
export const syncMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sync_mapping')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) =>
        c.notNull().references('connection.id').onDelete('cascade'),
      )
      .addColumn('object', 'text', (c) => c.notNull())
      // JSON array of field names, or null for every field the user can read.
      .addColumn('fields', 'text')
      .addColumn('filter', 'text')
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // Cursor: how far the pull has safely come (SystemModstamp, then Id), and the change feed's
      // last sequence number. Written in the same transaction as the records.
      .addColumn('cursor_modstamp', 'text')
      .addColumn('cursor_id', 'text')
      .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('records_total', 'bigint', (c) => c.notNull().defaultTo(0))
      // Run state: the lease that keeps one run per mapping, progress, outcome.
      .addColumn('run_holder', 'text')
      .addColumn('run_until', 'bigint')
      .addColumn('next_run_at', 'bigint')
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('run_started_at', 'bigint')
      .addColumn('run_records', 'bigint', (c) => c.notNull().defaultTo(0))
      // What the run expects to read (COUNT() at the start of a full load), for rate and ETA.
      .addColumn('run_expected', 'bigint')
      // `rest` or `bulk`: how the current or last run reads.
      .addColumn('run_method', 'text')
      .addColumn('last_success_at', 'bigint')
      .addColumn('last_error', 'text')
      // Fields that disappeared in Salesforce since the mapping was saved (JSON array).
      .addColumn('missing_fields', 'text')
      .addUniqueConstraint('sync_mapping_object_unique', ['connection_id', 'object'])
      .execute();

    await db.schema
      .createTable('synced_record')
      .addColumn('connection_id', 'text', (c) =>
        c.notNull().references('connection.id').onDelete('cascade'),
      )
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      // As Salesforce sends it, normalized to ISO 8601 UTC (`2026-11-23T10:00:00.000Z`).
      .addColumn('system_modstamp', 'text', (c) => c.notNull())
      .addColumn('is_deleted', 'integer', (c) => c.notNull())
      // The record's fields as JSON (`json_extract(data, '$.Name')`, `data::jsonb->>'Name'`).
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('change_seq', 'bigint', (c) => c.notNull())
      .addColumn('synced_at', 'bigint', (c) => c.notNull())
      // The reconciliation pass that last saw this record alive in Salesforce (see pull-engine).
      .addColumn('seen_in', 'text')
      .addPrimaryKeyConstraint('synced_record_pk', ['connection_id', 'object', 'record_id'])
      .execute();
    await db.schema
      .createIndex('synced_record_feed_idx')
      .on('synced_record')
      .columns(['connection_id', 'object', 'change_seq'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('synced_record').execute();
    await db.schema.dropTable('sync_mapping').execute();
  },
};
