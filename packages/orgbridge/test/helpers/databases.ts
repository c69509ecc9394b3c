import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Dialect, type Store } from '../../src/store/open-store.ts';

/** PostgreSQL for the store suites; CI sets it, a laptop may not. */
export const TEST_DATABASE_URL = process.env.ORGBRIDGE_TEST_DATABASE_URL ?? null;

/** The dialects this run tests: SQLite always, PostgreSQL when `ORGBRIDGE_TEST_DATABASE_URL` is set. */
export const DIALECTS: Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * Opens a fresh, migrated store of the dialect: a new SQLite file in a temporary directory, or a
 * new PostgreSQL schema (test files run in parallel processes, so each gets its own). The returned
 * `close()` drops what it made.
 */
export async function openTestStore(dialect: Dialect): Promise<Store> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'orgbridge-test-'));
    const store = await openStore(`sqlite:${join(dir, 'orgbridge.db')}`);
    return {
      ...store,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // Read now, not at load: the pull benchmark points this at its own database.
  const url = process.env.ORGBRIDGE_TEST_DATABASE_URL ?? TEST_DATABASE_URL;
  if (!url) throw new Error('ORGBRIDGE_TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const store = await openStore(url, { searchPath: schema, maxConnections: 5 });
  return {
    ...store,
    close: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
