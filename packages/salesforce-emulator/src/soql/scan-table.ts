import { RECYCLE_BIN_MS } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';

/** Which rows of a table a query sees. */
export interface ScanScope {
  org: Org;
  /** queryAll: also records in the recycle bin, for the 15 days Salesforce keeps them. */
  includeDeleted: boolean;
  now: number;
}

const byId = (a: SObjectRecord, b: SObjectRecord) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0);

/**
 * The rows of an object matching a predicate, in Id order (creation order; ids grow with
 * time), which is the order Salesforce returns without ORDER BY. A full scan: one predicate
 * call per row, no copying of rows.
 */
export function scanTable(
  scope: ScanScope,
  def: ObjectDefinition,
  predicate: ((r: SObjectRecord) => boolean) | null,
): SObjectRecord[] {
  const table = scope.org.tables.get(def.name);
  if (!table) return [];
  const out: SObjectRecord[] = [];
  if (predicate === null) for (const r of table.rows.values()) out.push(r);
  else for (const r of table.rows.values()) if (predicate(r)) out.push(r);
  if (scope.includeDeleted) {
    const cutoff = scope.now - RECYCLE_BIN_MS;
    for (const entry of table.recycleBin.values()) {
      if (entry.deletedAt >= cutoff && (predicate === null || predicate(entry.record))) {
        out.push(entry.record);
      }
    }
  }
  // Undeleted records re-enter the table at its end, and queryAll appends the recycle bin.
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.Id < out[i - 1]!.Id) {
      out.sort(byId);
      break;
    }
  }
  return out;
}

/** Whether a planned row still exists as the query saw it (live, or in the bin for queryAll). */
export function stillVisible(scope: ScanScope, def: ObjectDefinition) {
  return (r: SObjectRecord): boolean => {
    const table = scope.org.tables.get(def.name);
    if (!table) return false;
    if (table.rows.get(r.Id) === r) return true;
    return scope.includeDeleted && table.recycleBin.get(r.Id)?.record === r;
  };
}

/** How many rows of an object match, without collecting them (`SELECT COUNT()`). */
export function countTable(
  scope: ScanScope,
  def: ObjectDefinition,
  predicate: ((r: SObjectRecord) => boolean) | null,
): number {
  const table = scope.org.tables.get(def.name);
  if (!table) return 0;
  let n = 0;
  if (predicate === null) n = table.rows.size;
  else for (const r of table.rows.values()) if (predicate(r)) n += 1;
  if (scope.includeDeleted) {
    const cutoff = scope.now - RECYCLE_BIN_MS;
    for (const entry of table.recycleBin.values()) {
      if (entry.deletedAt >= cutoff && (predicate === null || predicate(entry.record))) n += 1;
    }
  }
  return n;
}
