import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Org } from '../model/org.ts';
import type { UserAccess } from '../security/access.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';

/** Options of one query execution. */
export interface QueryOptions {
  /** `queryAll`: include records in the recycle bin (IsDeleted = true). */
  includeDeleted: boolean;
  /** API version of the calling request (`58.0`), for record urls; default the newest served. */
  apiVersion?: string;
}

/** Who runs the query: access decides which objects may be read (INVALID_TYPE otherwise). */
export interface QueryCaller {
  org: Org;
  access: UserAccess;
}

/**
 * A query ready to page through. Planning validates the SOQL and fixes the set of matching
 * records (in ORDER BY order); rows are rendered when a page is read, from the records' current
 * values.
 */
export interface PlannedQuery {
  /** The FROM object. */
  object: ObjectDefinition;
  /** Selected column paths in SELECT order (`Id`, `Account.Name`, `expr0` for aggregates). */
  columns: string[];
  /** `SELECT COUNT() …`: only `totalSize` is meaningful and `records` is empty. */
  countOnly: boolean;
  /** Number of rows the query returns (after LIMIT/OFFSET). */
  totalSize: number;
  /** Rows are `AggregateResult`s (aggregate functions or GROUP BY). */
  aggregate: boolean;
  /** Clauses the query used, for APIs that refuse some of them (Bulk API 2.0). */
  clauses: QueryClauses;
  /**
   * Renders rows [start, end) in REST JSON shape: `attributes { type, url }` first, parent
   * relationships as nested objects (null when the lookup is empty), child subqueries as
   * `{ totalSize, done, records }`. Skips records purged since planning.
   */
  renderRows(start: number, end: number): Array<Record<string, unknown>>;
  /**
   * Renders rows [start, end) flat for CSV: one string per column in `columns` order; null and
   * empty values as '' (Bulk API 2.0 writes nulls as empty fields).
   */
  renderFlatRows(start: number, end: number): string[][];
}

/** Which optional SOQL features a statement uses. */
export interface QueryClauses {
  groupBy: boolean;
  offset: boolean;
  /** Parent-to-child subqueries in the SELECT list. */
  childSubqueries: boolean;
  /** `Id IN (SELECT …)` and `NOT IN` semi- and anti-joins. */
  semiJoins: boolean;
}

/** The function the SOQL engine exports; REST query/queryAll and Bulk API 2.0 both call it. */
export type PlanQuery = (
  emulator: Emulator,
  caller: QueryCaller,
  soql: string,
  options: QueryOptions,
) => PlannedQuery;

/** Re-exported so callers need one import. */
export type { SObjectRecord };
