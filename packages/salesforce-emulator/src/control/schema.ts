import { deleteRecord, findObject } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import { field, sobject, type ObjectDefinition } from '../schema/field-definition.ts';
import { grantObjectToAdmins } from '../security/standard-profiles.ts';
import { invalidRequest } from './control-error.ts';
import { buildCustomField, requireSchemaObject, type CustomFieldOptions } from './custom-fields.ts';
import { requireControlOrg, setupActorId } from './lookup.ts';

/** A custom object to create. */
export interface CustomObjectOptions {
  /** API name, ending in `__c`. */
  name: string;
  label?: string;
  labelPlural?: string;
  /** Three characters; the next free `a0X` prefix when absent. */
  keyPrefix?: string;
  /** Whether Bulk API 2.0 accepts the object (default true). */
  bulkSupported?: boolean;
  /** Custom fields besides the standard Name field. */
  fields?: CustomFieldOptions[];
}

const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function humanize(apiName: string): string {
  return apiName.replace(/__c$/, '').replace(/_/g, ' ');
}

/** The first `aXY` key prefix no object of the org uses, as custom objects are numbered. */
function nextKeyPrefix(used: Set<string>): string {
  for (const second of BASE62.slice(0, 36)) {
    for (const third of BASE62) {
      const prefix = `a${second}${third}`;
      if (!used.has(prefix)) return prefix;
    }
  }
  throw invalidRequest('no free key prefix');
}

/**
 * Creates a custom object with the standard fields (Id, audit fields, OwnerId, a text Name) plus
 * the given custom fields, and gives the System Administrator profile full access to it, as
 * creating one in Setup does. Other profiles get no access until granted.
 * @see https://help.salesforce.com/s/articleView?id=sf.dev_objectcreate_task_parent.htm
 */
export function createCustomObject(
  emulator: Emulator,
  orgId: string,
  options: CustomObjectOptions,
): ObjectDefinition {
  const org = requireControlOrg(emulator, orgId);
  const name = options.name;
  if (typeof name !== 'string' || !CUSTOM_NAME.test(name) || name.length > 43)
    throw invalidRequest(`${String(name)} is not a custom object name (Name__c)`);
  if (findObject(org, name)) throw invalidRequest(`object ${name} already exists`);
  const used = new Set([...org.schema.values()].map((d) => d.keyPrefix));
  const keyPrefix = options.keyPrefix ?? nextKeyPrefix(used);
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix) || used.has(keyPrefix))
    throw invalidRequest(`key prefix ${keyPrefix} is malformed or taken`);
  const label = options.label ?? humanize(name);
  const def = sobject(
    name,
    keyPrefix,
    [
      field('Name', 'string', {
        length: 80,
        nillable: false,
        nameField: true,
        label: `${label} Name`,
      }),
    ],
    {
      label,
      labelPlural: options.labelPlural ?? `${label}s`,
      bulkSupported: options.bulkSupported ?? true,
    },
  );
  for (const spec of options.fields ?? []) def.fields.push(buildCustomField(org, def, spec));
  org.schema.set(name, def);
  grantObjectToAdmins(emulator.data, org, name);
  org.schemaModifiedAt = emulator.clock.now();
  return structuredClone(def);
}

/**
 * Deletes a custom object with its records and the object permissions that named it. An object
 * another object's lookup points at cannot be deleted.
 * @see https://help.salesforce.com/s/articleView?id=sf.deleting_custom_objects.htm
 */
export function removeCustomObject(
  emulator: Emulator,
  orgId: string,
  objectName: string,
): { object: string } {
  const org = requireControlOrg(emulator, orgId);
  const def = requireSchemaObject(org, objectName);
  if (!def.custom) throw invalidRequest(`${def.name} is a standard object`);
  for (const other of org.schema.values()) {
    const lookup = other.fields.find((f) => other !== def && f.referenceTo.includes(def.name));
    if (lookup) throw invalidRequest(`${other.name}.${lookup.name} refers to ${def.name}`);
  }
  const actorId = setupActorId(emulator, org);
  for (const op of [...(org.tables.get('ObjectPermissions')?.rows.values() ?? [])]) {
    if (op.SobjectType === def.name) deleteRecord(emulator.data, org, op.Id, { actorId });
  }
  org.schema.delete(def.name);
  org.tables.delete(def.name);
  org.schemaModifiedAt = emulator.clock.now();
  return { object: def.name };
}

/** The object definitions of the org (describe's raw material), standard and custom. */
export function listObjects(
  emulator: Emulator,
  orgId: string,
): Array<Pick<ObjectDefinition, 'name' | 'label' | 'keyPrefix' | 'custom' | 'bulkSupported'>> {
  const org = requireControlOrg(emulator, orgId);
  return [...org.schema.values()].map((d) => ({
    name: d.name,
    label: d.label,
    keyPrefix: d.keyPrefix,
    custom: d.custom,
    bulkSupported: d.bulkSupported,
  }));
}
