import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Whether `db` talks to PostgreSQL, where a claim can skip rows another process has locked
 * (`FOR UPDATE SKIP LOCKED`) and a transaction must lock a row it fences on (`FOR UPDATE`).
 * SQLite has one writer at a time, so it needs neither.
 */
export function skipsLockedRows<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
