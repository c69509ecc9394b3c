import type { Migration, MigrationProvider } from 'kysely/migration';
import type { Dialect } from '../open-store.ts';
import * as m0001 from './0001-workspaces.ts';
import { connectionsMigration } from './0002-connections.ts';
import { authFlowsAndHealthMigration } from './0003-auth-flows-and-health.ts';
import { syncMigration } from './0004-sync.ts';
import { outboxMigration } from './0006-outbox.ts';
import { notificationsMigration } from './0007-notifications.ts';
import { connectReturnMigration } from './0008-connect-return.ts';

/**
 * Every migration, in order, for one dialect (the few DDL differences, such as auto-increment
 * keys, are decided inside a migration). Migrations are never edited once landed: a change is a
 * new migration (STYLE).
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-workspaces': m0001,
    '0002-connections': connectionsMigration(dialect),
    '0003-auth-flows-and-health': authFlowsAndHealthMigration,
    '0004-sync': syncMigration,
    '0006-outbox': outboxMigration(dialect),
    '0007-notifications': notificationsMigration(dialect),
    '0008-connect-return': connectReturnMigration,
  };
}

/** Kysely migration provider over the in-code list (no directory scanning, no build step). */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
