import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type SqliteValue = null | number | bigint | string | Uint8Array;

function toSqlite(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string' ||
    value instanceof Uint8Array
  ) {
    return value;
  }
  return JSON.stringify(value);
}

const STATEMENT_CACHE_SIZE = 1000;

class NodeSqliteStatement implements SqliteStatement {
  readonly #statement: StatementSync;
  readonly #prepareAgain: () => StatementSync;
  readonly reader: boolean;

  constructor(statement: StatementSync, prepareAgain: () => StatementSync) {
    this.#statement = statement;
    this.#prepareAgain = prepareAgain;
    // Kysely asks `reader` to choose between all() and run(); a statement that yields columns reads.
    this.reader = statement.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    // node:sqlite returns null-prototype rows; give callers ordinary objects, as PostgreSQL's driver does.
    return this.#statement.all(...parameters.map(toSqlite)).map((row) => ({ ...row }));
  }

  run(parameters: ReadonlyArray<unknown>): {
    changes: number | bigint;
    lastInsertRowid: number | bigint;
  } {
    return this.#statement.run(...parameters.map(toSqlite));
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    // A cached statement is shared: a stream gets its own, so two streams of one query never
    // step the same cursor.
    return this.#prepareAgain().iterate(...parameters.map(toSqlite));
  }
}

/**
 * Node's built-in `node:sqlite` behind the small better-sqlite3-shaped interface Kysely's
 * SqliteDialect drives, so the embedded store needs no native addon.
 */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;
  // Kysely prepares every query anew; compiling SQL dominated the hot paths (profiled), and the
  // queries are a small fixed set, so compiled statements are kept by their text.
  readonly #statements = new Map<string, NodeSqliteStatement>();

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    // WAL lets readers proceed during a write; a busy timeout rides out brief lock contention
    // between processes sharing one file instead of failing with SQLITE_BUSY at once.
    this.#db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;',
    );
  }

  prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      // Bounded: SQL built with a variable number of parameters (IN lists) is not unbounded
      // in practice, but a full cache starts over rather than grow.
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.clear();
      statement = new NodeSqliteStatement(this.#db.prepare(sql), () => this.#db.prepare(sql));
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#db.close();
  }
}
