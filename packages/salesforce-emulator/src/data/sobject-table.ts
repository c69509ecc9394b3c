import type { ObjectDefinition } from '../schema/field-definition.ts';

/** A stored record: field API name → value. Datetimes are Salesforce-formatted strings. */
export type SObjectRecord = Record<string, unknown> & { Id: string };

/** A deleted record kept in the recycle bin until it is purged (15 days). */
export interface DeletedRecord {
  record: SObjectRecord;
  deletedAt: number;
}

/**
 * The rows of one object in one org: live records in creation order, the recycle bin, and
 * indexes on unique and external-id fields (kept by the record operations, read by upsert).
 */
export class SObjectTable {
  readonly definition: ObjectDefinition;
  readonly rows = new Map<string, SObjectRecord>();
  readonly recycleBin = new Map<string, DeletedRecord>();
  /** Lower-cased field name → (normalised value → record id). */
  readonly uniqueIndexes = new Map<string, Map<string, string>>();

  constructor(definition: ObjectDefinition) {
    this.definition = definition;
    this.rebuildIndexes();
  }

  /** Index key for a unique value: external ids match case-insensitively, as Salesforce's do by default. */
  static indexKey(value: unknown): string {
    return String(value).toLowerCase();
  }

  rebuildIndexes(): void {
    this.uniqueIndexes.clear();
    for (const f of this.definition.fields) {
      if (f.externalId || f.unique) this.uniqueIndexes.set(f.name.toLowerCase(), new Map());
    }
    for (const row of this.rows.values()) this.index(row);
  }

  index(row: SObjectRecord): void {
    for (const [name, index] of this.uniqueIndexes) {
      const f = this.definition.fields.find((d) => d.name.toLowerCase() === name);
      const value = f ? row[f.name] : undefined;
      if (value !== null && value !== undefined && value !== '') index.set(SObjectTable.indexKey(value), row.Id);
    }
  }

  unindex(row: SObjectRecord): void {
    for (const [name, index] of this.uniqueIndexes) {
      const f = this.definition.fields.find((d) => d.name.toLowerCase() === name);
      const value = f ? row[f.name] : undefined;
      if (value !== null && value !== undefined && index.get(SObjectTable.indexKey(value)) === row.Id) {
        index.delete(SObjectTable.indexKey(value));
      }
    }
  }
}
