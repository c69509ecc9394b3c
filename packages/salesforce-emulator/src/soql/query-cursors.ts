import type { Emulator } from '../emulator.ts';
import type { PlannedQuery } from './query-engine.ts';

/** A query locator unused for this long is gone (Salesforce: 15 minutes of inactivity). */
export const QUERY_CURSOR_IDLE_MS = 15 * 60 * 1000;
/** Open cursors per user; opening one more releases the oldest, as Salesforce does. */
export const MAX_OPEN_CURSORS_PER_USER = 10;

/** An open REST query: the planned rows and who may continue reading them. */
export interface QueryCursor {
  /** `01g…`, the first part of `nextRecordsUrl`'s last segment. */
  locator: string;
  orgId: string;
  userId: string;
  plan: PlannedQuery;
  /** Rows per page requested when the query was opened. */
  pageSize: number;
  createdAt: number;
  lastUsedAt: number;
}

const stores = new WeakMap<Emulator, Map<string, QueryCursor>>();

function storeFor(emulator: Emulator): Map<string, QueryCursor> {
  let store = stores.get(emulator);
  if (!store) {
    store = new Map();
    stores.set(emulator, store);
  }
  const now = emulator.clock.now();
  for (const [locator, cursor] of store) {
    if (now - cursor.lastUsedAt > QUERY_CURSOR_IDLE_MS) store.delete(locator);
  }
  return store;
}

/**
 * Keeps a planned query for `nextRecordsUrl` paging. A user holds at most ten open cursors;
 * the oldest is released when an eleventh opens.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_query.htm
 */
export function openCursor(
  emulator: Emulator,
  owner: { orgId: string; userId: string },
  plan: PlannedQuery,
  pageSize: number,
): QueryCursor {
  const store = storeFor(emulator);
  const mine = [...store.values()].filter(
    (c) => c.orgId === owner.orgId && c.userId === owner.userId,
  );
  mine.sort((a, b) => a.createdAt - b.createdAt);
  for (const old of mine.slice(0, Math.max(0, mine.length - MAX_OPEN_CURSORS_PER_USER + 1))) {
    store.delete(old.locator);
  }
  const now = emulator.clock.now();
  const cursor: QueryCursor = {
    locator: emulator.ids.next('01g'),
    ...owner,
    plan,
    pageSize,
    createdAt: now,
    lastUsedAt: now,
  };
  store.set(cursor.locator, cursor);
  return cursor;
}

/** An open cursor of the org by locator, touched as used; undefined when unknown or expired. */
export function findCursor(
  emulator: Emulator,
  orgId: string,
  locator: string,
): QueryCursor | undefined {
  const cursor = storeFor(emulator).get(locator);
  if (!cursor || cursor.orgId !== orgId) return undefined;
  cursor.lastUsedAt = emulator.clock.now();
  return cursor;
}
