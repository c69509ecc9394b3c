import type { Getter } from './bind-context.ts';
import { sortKey, type ValueKind } from './value-kind.ts';

/** One ORDER BY item, compiled. */
export interface SortSpec<T> {
  get: Getter<T>;
  kind: ValueKind;
  descending: boolean;
  /** Salesforce sorts nulls first unless told `NULLS LAST`, in either direction. */
  nullsLast: boolean;
}

type Key = string | number | null;

/**
 * Sorts rows by ORDER BY items. Keys are computed once per row (text upper-cased, as
 * Salesforce's case-insensitive English sort compares), then row positions are sorted; the sort
 * is stable, so ties keep the incoming (Id) order. Rows already in order are returned as they are.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm
 */
export function sortRows<T>(rows: T[], specs: Array<SortSpec<T>>): T[] {
  const n = rows.length;
  const comparators = specs.map((spec) => {
    const column: Key[] = new Array<Key>(n);
    // Ids, dates and datetimes are canonical strings already: they are their own sort keys.
    if (spec.kind === 'id' || spec.kind === 'date' || spec.kind === 'datetime') {
      for (let i = 0; i < n; i++) column[i] = spec.get(rows[i]!) as Key;
    } else {
      for (let i = 0; i < n; i++) column[i] = sortKey(spec.kind, spec.get(rows[i]!));
    }
    const dir = spec.descending ? -1 : 1;
    const nullSide = spec.nullsLast ? 1 : -1;
    return (a: number, b: number): number => {
      const x = column[a] as Key;
      const y = column[b] as Key;
      if (x === y) return 0;
      if (x === null) return nullSide;
      if (y === null) return -nullSide;
      return x < y ? -dir : dir;
    };
  });
  const compare =
    comparators.length === 1
      ? comparators[0]!
      : (a: number, b: number): number => {
          for (const c of comparators) {
            const d = c(a, b);
            if (d !== 0) return d;
          }
          return 0;
        };
  // Rows usually arrive in creation order, which SystemModstamp and Id sorts tend to keep.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (sorted) return rows;
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(compare);
  const out: T[] = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = rows[order[i]!]!;
  return out;
}
