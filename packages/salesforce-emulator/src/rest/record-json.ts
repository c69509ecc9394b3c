import { findField } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import { SalesforceError } from '../salesforce-error.ts';

/** `/services/data/v58.0/sobjects/Account/001…`: a record's `attributes.url` and `Location`. */
export function recordUrl(basePath: string, objectName: string, id: string): string {
  return `${basePath}/sobjects/${objectName}/${id}`;
}

/** The message SOQL and `?fields=` give for a field the object does not have. */
export function noSuchColumn(def: ObjectDefinition, name: string): SalesforceError {
  return new SalesforceError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/**
 * Parses a `fields=A,B` list into field definitions, in the order given. Unknown names fail with
 * `INVALID_FIELD`; an empty list means every field.
 */
export function selectFields(def: ObjectDefinition, list: string | undefined): FieldDefinition[] {
  if (list === undefined || list.trim() === '') return def.fields;
  const out: FieldDefinition[] = [];
  for (const raw of list.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const f = findField(def, name);
    if (!f) throw noSuchColumn(def, name);
    if (!out.includes(f)) out.push(f);
  }
  return out.length > 0 ? out : def.fields;
}

/**
 * A record as the REST API returns it: `attributes { type, url }` first, then the fields in the
 * order asked (schema order by default). A field list without `Id` still gets `Id`, last, as
 * Salesforce appends it.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve_get.htm
 */
export function renderRecord(
  basePath: string,
  def: ObjectDefinition,
  record: SObjectRecord,
  fields: FieldDefinition[] = def.fields,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: recordUrl(basePath, def.name, record.Id) },
  };
  for (const f of fields) out[f.name] = record[f.name] ?? null;
  if (!('Id' in out)) out.Id = record.Id;
  return out;
}
