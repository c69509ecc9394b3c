import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001-workspaces.ts';

/**
 * Every migration, in order, for both dialects. Migrations are never edited once landed: a
 * change is a new migration (STYLE).
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-workspaces': m0001,
};

/** Kysely migration provider over the in-code list (no directory scanning, no build step). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
