import type { FieldDefinition } from '../schema/field-definition.ts';

/**
 * How SOQL compares a field's values: text case-insensitively, ids exactly, dates and
 * datetimes as their canonical strings (which order like the instants they name).
 */
export type ValueKind = 'string' | 'multi' | 'id' | 'boolean' | 'number' | 'date' | 'datetime';

/** The comparison kind of a field, and the type name Salesforce uses in filter errors. */
export function kindOf(f: FieldDefinition): { kind: ValueKind; typeName: string } {
  switch (f.type) {
    case 'id':
    case 'reference':
      return { kind: 'id', typeName: 'id' };
    case 'multipicklist':
      return { kind: 'multi', typeName: 'string' };
    case 'boolean':
      return { kind: 'boolean', typeName: 'boolean' };
    case 'int':
      return { kind: 'number', typeName: 'integer' };
    case 'double':
    case 'currency':
    case 'percent':
      return { kind: 'number', typeName: 'double' };
    case 'date':
      return { kind: 'date', typeName: 'date' };
    case 'datetime':
      return { kind: 'datetime', typeName: 'dateTime' };
    default:
      return { kind: 'string', typeName: 'string' };
  }
}

/** A stored value as text (values are strings, numbers and booleans). */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** A value as ORDER BY, GROUP BY and MIN/MAX compare it: text upper-cased, booleans as 0/1. */
export function sortKey(kind: ValueKind, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'string':
    case 'multi':
      return textOf(v).toUpperCase();
    case 'boolean':
      return v === true ? 1 : 0;
    case 'number':
      return typeof v === 'number' ? v : Number(v);
    default:
      return textOf(v);
  }
}

/** Compares two sort keys, nulls first. */
export function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
