import { findField, findObject } from '../data/record-operations.ts';
import type { Org } from '../model/org.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import type { IngestOperation } from './bulk-job.ts';
import { JobFailure } from './bulk-errors.ts';

/** What one CSV column of an ingest job writes. */
export type IngestColumn =
  | { kind: 'id'; index: number }
  | { kind: 'field'; index: number; field: FieldDefinition }
  /** `Account.Ext_Id__c`: sets the lookup `field` to the `target` record whose `lookup` matches. */
  | {
      kind: 'relationship';
      index: number;
      field: FieldDefinition;
      target: ObjectDefinition;
      lookup: FieldDefinition;
    }
  /** Delete jobs read only `Id`; other columns are carried into the results unread. */
  | { kind: 'ignored'; index: number };

const fieldNotFound = (name: string) =>
  new JobFailure(`InvalidBatch : Field name not found : ${name}`);

/** A field that can identify a record in an upsert or a relationship column. */
export function isLookupField(field: FieldDefinition): boolean {
  return field.name === 'Id' || field.externalId || field.idLookup;
}

function relationshipColumn(
  org: Org,
  def: ObjectDefinition,
  name: string,
  index: number,
): IngestColumn {
  const dot = name.indexOf('.');
  const relationship = name.slice(0, dot).toLowerCase();
  const lookupName = name.slice(dot + 1);
  const field = def.fields.find(
    (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === relationship,
  );
  for (const targetName of field?.referenceTo ?? []) {
    const target = findObject(org, targetName);
    const lookup = target ? findField(target, lookupName) : undefined;
    if (field && target && lookup && isLookupField(lookup)) {
      return { kind: 'relationship', index, field, target, lookup };
    }
  }
  throw fieldNotFound(name);
}

/**
 * Maps a CSV header (field API names, case-insensitive; `Relationship.IndexedField` for a
 * parent by external id) to columns. An unknown name fails the whole job, as Salesforce does:
 * `InvalidBatch : Field name not found : Foo`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_rel_field_header_row.htm
 */
export function resolveColumns(
  org: Org,
  def: ObjectDefinition,
  operation: IngestOperation,
  header: string[],
): IngestColumn[] {
  const seen = new Set<string>();
  return header.map((raw, index): IngestColumn => {
    const name = raw.trim();
    if (name.toLowerCase() === 'id') return { kind: 'id', index };
    if (operation === 'delete' || operation === 'hardDelete') return { kind: 'ignored', index };
    const key = name.toLowerCase();
    if (seen.has(key)) throw new JobFailure(`InvalidBatch : Duplicate field name : ${name}`);
    seen.add(key);
    if (name.includes('.')) return relationshipColumn(org, def, name, index);
    const field = findField(def, name);
    if (!field) throw fieldNotFound(name);
    return { kind: 'field', index, field };
  });
}
