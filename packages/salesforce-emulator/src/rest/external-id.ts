import { findField } from '../data/record-operations.ts';
import { SObjectTable, type SObjectRecord } from '../data/sobject-table.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../model/org.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import { SalesforceError } from '../salesforce-error.ts';

/**
 * The field a path segment names for lookup by value: `Id`, an External ID field, or another
 * field Salesforce marks `idLookup` (User.Username, PermissionSet.Name). Anything else is 404
 * "Provided external ID field does not exist or is not accessible: <segment>", which is also what
 * a malformed record id gets, since Salesforce reads it as a field name.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 */
export function requireLookupField(def: ObjectDefinition, segment: string): FieldDefinition {
  const f = findField(def, segment);
  if (!f || !(f.idLookup || f.externalId)) {
    throw new SalesforceError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${segment}`,
    );
  }
  return f;
}

function matchKey(f: FieldDefinition, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (f.type === 'id' || f.type === 'reference') {
    return typeof value === 'string' ? normalizeId(value)?.toLowerCase() : undefined;
  }
  return SObjectTable.indexKey(value);
}

/**
 * Live records whose lookup field equals the value. External ids match case-insensitively, as
 * Salesforce's do unless the field is marked case-sensitive. Non-unique External ID fields can
 * match several records (the 300 / `DUPLICATE_EXTERNAL_ID` case), so this scans.
 */
export function findByLookupValue(
  org: Org,
  def: ObjectDefinition,
  f: FieldDefinition,
  value: unknown,
): SObjectRecord[] {
  const rows = org.tables.get(def.name)?.rows;
  if (!rows) return [];
  const wanted = matchKey(f, value);
  if (wanted === undefined) return [];
  if (f.type === 'id') {
    const row = rows.get(normalizeId(String(value)) ?? '');
    return row ? [row] : [];
  }
  // A unique field has at most one match, kept in the table's index: no scan (upserts by
  // external id in bulk would otherwise cost a scan of the table per record).
  const index = f.unique
    ? org.tables.get(def.name)?.uniqueIndexes.get(f.name.toLowerCase())
    : undefined;
  if (index) {
    const id = index.get(wanted);
    const row = id === undefined ? undefined : rows.get(id);
    return row && matchKey(f, row[f.name]) === wanted ? [row] : [];
  }
  const out: SObjectRecord[] = [];
  for (const row of rows.values()) if (matchKey(f, row[f.name]) === wanted) out.push(row);
  return out;
}
