import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.ts';

const INT8_OID = 20;

const defaultParser: (oid: number, format?: 'text' | 'binary') => unknown = pg.types.getTypeParser;

// int8 → number for this pool; every other type keeps node-postgres's own parser.
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID
    ? (value: string) => Number(value)
    : defaultParser(oid, format)) as typeof pg.types.getTypeParser;

/** Options of a PostgreSQL pool. */
export interface PostgresOptions {
  /** Schema to use first on every connection (tests isolate themselves in one). */
  searchPath?: string;
  maxConnections?: number;
}

/**
 * Opens a pooled PostgreSQL connection. `bigint` columns hold epoch milliseconds, well inside
 * JavaScript's safe integers, so they are parsed as numbers for this pool only (not globally).
 */
export function createPostgresKysely(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    types: { getTypeParser: typeParser },
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
