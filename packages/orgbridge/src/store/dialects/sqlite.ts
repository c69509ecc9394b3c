import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../database.ts';
import { NodeSqliteDatabase } from './node-sqlite-database.ts';

/** Opens (creating when absent) a SQLite database file through `node:sqlite`. `:memory:` works too. */
export function createSqliteKysely(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new NodeSqliteDatabase(path) }),
  });
}
