import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError, ErrorCode } from '../errors.ts';
import type { Database } from './database.ts';
import { createPostgresKysely, type PostgresOptions } from './dialects/postgres.ts';
import { createSqliteKysely } from './dialects/sqlite.ts';
import { migrationProvider } from './migrations/index.ts';

/** Which database engine a store runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** An open, migrated database. `close()` releases the file handle or the pool. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Parses `ORGBRIDGE_DATABASE_URL`: `sqlite:PATH` (relative to the working directory),
 * `sqlite::memory:`, or `postgres://…` / `postgresql://…`.
 */
export function parseDatabaseUrl(
  url: string,
): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new AppError(
        ErrorCode.CONFIG_INVALID,
        'sqlite: needs a path, e.g. sqlite:./data/orgbridge.db',
      );
    return { dialect: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  throw new AppError(
    ErrorCode.CONFIG_INVALID,
    'database URL must start with sqlite: or postgres://',
  );
}

/** Applies every pending migration. Safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const { error, results } = await new Migrator({
    db,
    provider: migrationProvider(dialect),
  }).migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  if (failed === undefined) {
    // No migration ran and failed: the database itself could not be reached or locked.
    throw new AppError(ErrorCode.DATABASE_UNAVAILABLE, 'cannot reach the database to migrate it', {
      cause: error,
    });
  }
  throw new AppError(ErrorCode.MIGRATION_FAILED, `migration ${failed} failed`, {
    cause: error,
    details: { migration: failed },
  });
}

/** Opens the database named by the URL and brings its schema up to date. */
export async function openStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  const db =
    target.dialect === 'sqlite'
      ? createSqliteKysely(target.path)
      : createPostgresKysely(target.url, options);
  try {
    await migrateToLatest(db, target.dialect);
  } catch (error) {
    await db.destroy();
    if (error instanceof AppError) throw error;
    throw new AppError(
      ErrorCode.DATABASE_UNAVAILABLE,
      `cannot open the ${target.dialect} database`,
      { cause: error },
    );
  }
  return { db, dialect: target.dialect, close: () => db.destroy() };
}
