import { deleteRecord, findObject, insertRecord, updateRecord } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import type { ObjectAccess } from '../security/access.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { SETUP_ENTITY_OBJECTS } from '../schema/setup-entity-objects.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg, setupActorId } from './lookup.ts';
import { requirePermissionSetRow, type PermissionTarget } from './permission-target.ts';

/** Object permission levels to change; unnamed ones keep their value. */
export type ObjectPermissionPatch = Partial<ObjectAccess>;

const LEVELS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;

const FIELD_OF: Record<keyof ObjectAccess, string> = {
  read: 'PermissionsRead',
  create: 'PermissionsCreate',
  edit: 'PermissionsEdit',
  delete: 'PermissionsDelete',
  viewAll: 'PermissionsViewAllRecords',
  modifyAll: 'PermissionsModifyAllRecords',
};

/** What each level needs: Create, Edit and View All need Read; Delete needs Edit; Modify All needs Delete and View All. */
const NEEDS: Record<keyof ObjectAccess, Array<keyof ObjectAccess>> = {
  read: [],
  create: ['read'],
  edit: ['read'],
  delete: ['read', 'edit'],
  viewAll: ['read'],
  modifyAll: ['read', 'edit', 'delete', 'viewAll'],
};

/** Objects whose access follows user permissions, not ObjectPermissions rows. */
const NOT_CONFIGURABLE = new Set([
  'User',
  'Profile',
  'PermissionSet',
  'PermissionSetAssignment',
  'ObjectPermissions',
  'Organization',
  ...SETUP_ENTITY_OBJECTS,
]);

/** Validates a JSON patch of levels. */
export function parseObjectPermissionPatch(input: Record<string, unknown>): ObjectPermissionPatch {
  const patch: ObjectPermissionPatch = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(LEVELS as readonly string[]).includes(key))
      throw invalidRequest(`unknown level ${key}; levels: ${LEVELS.join(', ')}`);
    if (typeof value !== 'boolean') throw invalidRequest(`${key} must be true or false`);
    patch[key as keyof ObjectAccess] = value;
  }
  return patch;
}

/**
 * Resolves a patch against the current levels with Salesforce's dependencies, as the Setup page
 * does: granting a level grants what it needs, revoking one revokes what needs it.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm
 */
export function resolveObjectPermissions(
  current: ObjectAccess,
  patch: ObjectPermissionPatch,
): ObjectAccess {
  const next: ObjectAccess = { ...current, ...patch };
  for (const level of LEVELS) {
    if (patch[level] !== false) continue;
    for (const dependent of LEVELS) {
      if (!NEEDS[dependent].includes(level)) continue;
      if (patch[dependent] === true)
        throw invalidRequest(`${dependent} needs ${level}, which the change turns off`);
      next[dependent] = false;
    }
  }
  for (const level of LEVELS) {
    if (!next[level]) continue;
    for (const needed of NEEDS[level]) {
      if (patch[needed] === false)
        throw invalidRequest(`${level} needs ${needed}, which the change turns off`);
      next[needed] = true;
    }
  }
  return next;
}

/**
 * Sets a profile's or permission set's access to one object, writing the ObjectPermissions row
 * (created when missing, deleted when no level remains) so it stays queryable and cached access
 * is recomputed. Returns the resulting levels.
 */
export function setObjectPermissions(
  emulator: Emulator,
  orgId: string,
  target: PermissionTarget,
  objectName: string,
  patch: ObjectPermissionPatch,
): ObjectAccess {
  const org = requireControlOrg(emulator, orgId);
  const ps = requirePermissionSetRow(emulator, org, target);
  return writeObjectPermissions(emulator, org, ps, objectName, parseObjectPermissionPatch(patch));
}

/** An object whose access ObjectPermissions rows decide, or 404/400. */
export function requireConfigurableObject(org: Org, objectName: string): ObjectDefinition {
  const def = findObject(org, objectName);
  if (!def) throw notFoundError('object', objectName);
  if (NOT_CONFIGURABLE.has(def.name))
    throw invalidRequest(`access to ${def.name} follows user permissions, not object permissions`);
  return def;
}

/** Writes one object's levels on a PermissionSet row (shared with permission-set creation). */
export function writeObjectPermissions(
  emulator: Emulator,
  org: Org,
  ps: SObjectRecord,
  objectName: string,
  patch: ObjectPermissionPatch,
): ObjectAccess {
  const def = requireConfigurableObject(org, objectName);
  const row = [...(org.tables.get('ObjectPermissions')?.rows.values() ?? [])].find(
    (op) => op.ParentId === ps.Id && op.SobjectType === def.name,
  );
  const current = Object.fromEntries(
    LEVELS.map((level) => [level, row?.[FIELD_OF[level]] === true]),
  ) as unknown as ObjectAccess;
  const next = resolveObjectPermissions(current, patch);
  const values = Object.fromEntries(LEVELS.map((level) => [FIELD_OF[level], next[level]]));
  const options = { actorId: setupActorId(emulator, org) };
  const any = LEVELS.some((level) => next[level]);
  if (row && any) updateRecord(emulator.data, org, 'ObjectPermissions', row.Id, values, options);
  else if (row) deleteRecord(emulator.data, org, row.Id, options);
  else if (any)
    insertRecord(
      emulator.data,
      org,
      'ObjectPermissions',
      { ParentId: ps.Id, SobjectType: def.name, ...values },
      options,
    );
  return next;
}
