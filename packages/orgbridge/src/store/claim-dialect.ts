import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Whether `db` talks to PostgreSQL, where a claim can skip rows another process has locked
 * (`FOR UPDATE SKIP LOCKED`). SQLite has one writer at a time, so its claims need no lock.
 */
export function skipsLockedRows<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
