import { coerceFieldValue } from '../data/field-values.ts';
import { findField, findObject } from '../data/record-operations.ts';
import { SObjectTable } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { SalesforceError } from '../salesforce-error.ts';
import {
  field,
  type FieldDefinition,
  type FieldType,
  type ObjectDefinition,
} from '../schema/field-definition.ts';
import { SETUP_ENTITY_OBJECTS } from '../schema/setup-entity-objects.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg } from './lookup.ts';

/** A custom field to add, in the terms of Setup's field wizard. */
export interface CustomFieldOptions {
  /** API name, ending in `__c`. */
  name: string;
  type: Exclude<FieldType, 'id'>;
  label?: string;
  /** Text length (string default 255, at most 255; textarea up to 131072). */
  length?: number;
  /** Digits in all, and after the point, of a number. */
  precision?: number;
  scale?: number;
  externalId?: boolean;
  unique?: boolean;
  required?: boolean;
  /** For picklists. */
  picklistValues?: string[];
  /** For lookups: the object referred to. */
  referenceTo?: string;
  defaultValue?: unknown;
}

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/;
const TYPES: Array<CustomFieldOptions['type']> = [
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'boolean',
  'int',
  'double',
  'currency',
  'percent',
  'date',
  'datetime',
  'reference',
];
const KEY_TYPES = new Set<FieldType>(['string', 'email', 'int', 'double']);
/** Objects whose schema the permission model depends on. */
const CLOSED_OBJECTS = new Set([
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'Organization',
  ...SETUP_ENTITY_OBJECTS,
]);

function inRange(value: number | undefined, min: number, max: number, what: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
    throw invalidRequest(`${what} must be an integer from ${min} to ${max}`);
}

/** Validates a custom field spec against the object and builds its definition. */
export function buildCustomField(
  org: Org,
  def: ObjectDefinition,
  spec: CustomFieldOptions,
): FieldDefinition {
  if (typeof spec.name !== 'string' || !CUSTOM_NAME.test(spec.name) || spec.name.length > 43)
    throw invalidRequest(
      `${String(spec.name)} is not a custom field name (Name__c, at most 40 characters before __c)`,
    );
  if (findField(def, spec.name)) throw invalidRequest(`${def.name}.${spec.name} already exists`);
  if (!TYPES.includes(spec.type)) throw invalidRequest(`type must be one of ${TYPES.join(', ')}`);
  const type = spec.type;
  if ((spec.externalId || spec.unique) && !KEY_TYPES.has(type))
    throw invalidRequest('only text, email and number fields can be external ids or unique');
  inRange(spec.length, 1, type === 'textarea' ? 131072 : 255, 'length');
  inRange(spec.precision, 1, 18, 'precision');
  inRange(spec.scale, 0, spec.precision ?? 18, 'scale');
  const options: Partial<FieldDefinition> = {
    externalId: spec.externalId === true,
    unique: spec.unique === true,
  };
  if (spec.label !== undefined) options.label = spec.label;
  if (spec.length !== undefined) options.length = spec.length;
  if (spec.precision !== undefined) options.precision = spec.precision;
  if (spec.scale !== undefined) options.scale = spec.scale;
  if (spec.required === true && type !== 'boolean') options.nillable = false;
  if (type === 'picklist' || type === 'multipicklist') {
    const values = spec.picklistValues;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((v) => typeof v === 'string')
    )
      throw invalidRequest('a picklist needs picklistValues');
    options.picklistValues = [...values];
  }
  if (type === 'reference') {
    const target = spec.referenceTo === undefined ? undefined : findObject(org, spec.referenceTo);
    if (!target) throw invalidRequest('a lookup needs referenceTo naming an object of the org');
    options.referenceTo = [target.name];
  }
  const built = field(spec.name, type, options);
  if (spec.defaultValue !== undefined && spec.defaultValue !== null) {
    try {
      built.defaultValue = coerceFieldValue(built, spec.defaultValue, 'json');
    } catch (error) {
      if (error instanceof SalesforceError) throw invalidRequest(`defaultValue: ${error.message}`);
      throw error;
    }
  }
  return built;
}

/**
 * Adds a custom field to any object (standard or custom), as Setup's field wizard does: existing
 * records get null (checkboxes: false), and a unique or external-id field is indexed.
 * @see https://help.salesforce.com/s/articleView?id=sf.adding_fields.htm
 */
export function addCustomField(
  emulator: Emulator,
  orgId: string,
  objectName: string,
  spec: CustomFieldOptions,
): FieldDefinition {
  const org = requireControlOrg(emulator, orgId);
  const def = requireSchemaObject(org, objectName);
  if (CLOSED_OBJECTS.has(def.name)) throw invalidRequest(`${def.name} takes no custom fields`);
  const built = buildCustomField(org, def, spec);
  def.fields.push(built);
  const table = org.tables.get(def.name);
  if (table) {
    const initial = built.type === 'boolean' ? false : null;
    for (const row of table.rows.values()) row[built.name] = initial;
    for (const entry of table.recycleBin.values()) entry.record[built.name] = initial;
    if (built.unique || built.externalId) table.rebuildIndexes();
  }
  org.schemaModifiedAt = emulator.clock.now();
  return structuredClone(built);
}

/**
 * Deletes a custom field and its values, so a later describe or sync sees it gone. Standard
 * fields cannot be deleted, as in Salesforce.
 * @see https://help.salesforce.com/s/articleView?id=sf.deleting_fields.htm
 */
export function removeField(
  emulator: Emulator,
  orgId: string,
  objectName: string,
  fieldName: string,
): { object: string; field: string } {
  const org = requireControlOrg(emulator, orgId);
  const def = requireSchemaObject(org, objectName);
  const found = findField(def, fieldName);
  if (!found) throw notFoundError('field', `${def.name}.${fieldName}`);
  if (!found.custom) throw invalidRequest(`${def.name}.${found.name} is a standard field`);
  // A fresh definition object (and table around it) so no lookup cached per definition, such as
  // the SOQL engine's field index, can still see the removed field.
  const next: ObjectDefinition = { ...def, fields: def.fields.filter((f) => f !== found) };
  org.schema.set(def.name, next);
  const old = org.tables.get(def.name);
  if (old) {
    const table = new SObjectTable(next);
    for (const [id, row] of old.rows) {
      delete row[found.name];
      table.rows.set(id, row);
    }
    for (const [id, entry] of old.recycleBin) {
      delete entry.record[found.name];
      table.recycleBin.set(id, entry);
    }
    table.rebuildIndexes();
    org.tables.set(def.name, table);
  }
  org.schemaModifiedAt = emulator.clock.now();
  return { object: def.name, field: found.name };
}

/** An object of the org by API name, or 404. */
export function requireSchemaObject(org: Org, objectName: string): ObjectDefinition {
  const def = findObject(org, objectName);
  if (!def) throw notFoundError('object', objectName);
  return def;
}
