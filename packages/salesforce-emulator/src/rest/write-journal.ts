import { tableFor } from '../data/record-operations.ts';
import type { SObjectRecord, SObjectTable } from '../data/sobject-table.ts';
import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';

/**
 * Remembers the writes of one request so they can be undone, which is how `allOrNone` requests
 * leave no trace when any row fails. Record it before an update or delete (`beforeChange`) and
 * after an insert (`inserted`); `rollback()` restores every row, index and the tables' row order.
 */
export class WriteJournal {
  readonly #org: Org;
  readonly #undo: Array<() => void> = [];
  /** Row order of each touched table before this request, so restored rows keep their place. */
  readonly #order = new Map<SObjectTable, string[]>();

  constructor(org: Org) {
    this.#org = org;
  }

  #touch(table: SObjectTable): void {
    if (!this.#order.has(table)) this.#order.set(table, [...table.rows.keys()]);
  }

  /** Call after `insertRecord` succeeded. */
  inserted(def: ObjectDefinition, record: SObjectRecord): void {
    const table = tableFor(this.#org, def);
    this.#touch(table);
    this.#undo.push(() => {
      if (table.rows.get(record.Id) !== record) return;
      table.unindex(record);
      table.rows.delete(record.Id);
    });
  }

  /** Call before `updateRecord` or `deleteRecord` on a live record. */
  beforeChange(def: ObjectDefinition, id: string): void {
    const table = tableFor(this.#org, def);
    const record = table.rows.get(id);
    if (!record) return;
    this.#touch(table);
    const before = { ...record };
    this.#undo.push(() => {
      const current = table.rows.get(id) ?? table.recycleBin.get(id)?.record;
      if (!current) return;
      if (table.rows.has(id)) table.unindex(current);
      table.recycleBin.delete(id);
      for (const key of Object.keys(current)) if (!(key in before)) delete current[key];
      Object.assign(current, before);
      table.rows.set(id, current);
      table.index(current);
    });
  }

  /** Undoes everything recorded, newest first. */
  rollback(): void {
    for (const undo of this.#undo.reverse()) undo();
    this.#undo.length = 0;
    for (const [table, order] of this.#order) {
      const known = new Set(order);
      const rows = [
        ...order.flatMap((id) => {
          const row = table.rows.get(id);
          return row ? [row] : [];
        }),
        ...[...table.rows.values()].filter((row) => !known.has(row.Id)),
      ];
      table.rows.clear();
      for (const row of rows) table.rows.set(row.Id, row);
    }
    this.#order.clear();
    // Undone writes may have touched profiles or permission sets; drop cached access.
    this.#org.permissionsVersion += 1;
  }
}
