import { deleteRecord, insertRecord } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import { USER_PERMISSIONS, type UserPermission } from '../schema/standard-objects.ts';
import type { ObjectAccess } from '../security/access.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg, requireControlUser, setupActorId } from './lookup.ts';
import {
  parseObjectPermissionPatch,
  requireConfigurableObject,
  writeObjectPermissions,
  type ObjectPermissionPatch,
} from './object-permissions.ts';

/** A new permission set: user permissions and per-object access. */
export interface CreatePermissionSetOptions {
  /** API name (`orgbridge_Integration`); derived from the label when absent. */
  name?: string;
  /** Label (`orgbridge Integration`); the name when absent. */
  label?: string;
  description?: string;
  /** User permissions to grant, by name (`ApiEnabled`, `ViewSetup`, …). */
  userPermissions?: string[];
  /** Object API name → levels to grant. */
  objectPermissions?: Record<string, ObjectPermissionPatch>;
}

/** A permission set as the control API lists it. */
export interface PermissionSetSummary {
  id: string;
  name: string;
  label: string;
  /** Whether it is a profile's own permission set. */
  isOwnedByProfile: boolean;
  userPermissions: UserPermission[];
  objectPermissions: Record<string, ObjectAccess>;
  /** Users it is assigned to (for a profile's own set: the users of that profile). */
  assignees: number;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/;

/** `ApiEnabled` or `PermissionsApiEnabled` → `ApiEnabled`, or 400. */
export function parseUserPermission(name: string): UserPermission {
  const bare = name.startsWith('Permissions') ? name.slice('Permissions'.length) : name;
  const found = USER_PERMISSIONS.find((p) => p === bare);
  if (!found)
    throw invalidRequest(`unknown user permission ${name}; known: ${USER_PERMISSIONS.join(', ')}`);
  return found;
}

/**
 * Creates a permission set with user and object permissions, as the PermissionSet and
 * ObjectPermissions rows a client can query.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 */
export function createPermissionSet(
  emulator: Emulator,
  orgId: string,
  options: CreatePermissionSetOptions,
): PermissionSetSummary {
  const org = requireControlOrg(emulator, orgId);
  const label = options.label ?? options.name;
  if (label === undefined || label.trim() === '') throw invalidRequest('name or label is required');
  const name = options.name ?? label.trim().replace(/[^A-Za-z0-9]+/g, '_');
  if (!API_NAME.test(name) || name.length > 80)
    throw invalidRequest(`${name} is not a valid API name`);
  if (emulator.findPermissionSet(org, name))
    throw invalidRequest(`permission set ${name} already exists`);
  const granted = (options.userPermissions ?? []).map(parseUserPermission);
  const objects = Object.entries(options.objectPermissions ?? {}).map(
    ([object, levels]) =>
      [object, parseObjectPermissionPatch(levels as Record<string, unknown>)] as const,
  );
  // Check every object first so a bad one leaves no half-made permission set behind.
  for (const [object] of objects) requireConfigurableObject(org, object);
  const ps = insertRecord(
    emulator.data,
    org,
    'PermissionSet',
    {
      Name: name,
      Label: label,
      Description: options.description ?? null,
      ...Object.fromEntries(USER_PERMISSIONS.map((p) => [`Permissions${p}`, granted.includes(p)])),
    },
    { actorId: setupActorId(emulator, org) },
  );
  ps.IsOwnedByProfile = false;
  for (const [object, levels] of objects) writeObjectPermissions(emulator, org, ps, object, levels);
  return summarizePermissionSet(emulator, orgId, ps.Id);
}

/** Every permission set of the org, profile-owned ones included. */
export function listPermissionSets(emulator: Emulator, orgId: string): PermissionSetSummary[] {
  const org = requireControlOrg(emulator, orgId);
  return [...(org.tables.get('PermissionSet')?.rows.keys() ?? [])].map((id) =>
    summarizePermissionSet(emulator, org.id, id),
  );
}

/** Assigns a permission set (name or id) to a user; assigning twice is a no-op. Returns the assignment id. */
export function assignPermissionSet(
  emulator: Emulator,
  orgId: string,
  user: string,
  permissionSet: string,
): { assignmentId: string } {
  const org = requireControlOrg(emulator, orgId);
  const userId = requireControlUser(emulator, org, user).Id;
  const ps = emulator.findPermissionSet(org, permissionSet);
  if (!ps) throw notFoundError('permission set', permissionSet);
  if (ps.IsOwnedByProfile === true)
    throw invalidRequest(
      `${permissionSet} belongs to a profile; change the user's profile instead`,
    );
  return { assignmentId: emulator.assignPermissionSet(org.id, userId, ps.Id) };
}

/** Removes a permission set assignment (deletes the PermissionSetAssignment row). */
export function unassignPermissionSet(
  emulator: Emulator,
  orgId: string,
  user: string,
  permissionSet: string,
): { assignmentId: string } {
  const org = requireControlOrg(emulator, orgId);
  const userId = requireControlUser(emulator, org, user).Id;
  const ps = emulator.findPermissionSet(org, permissionSet);
  if (!ps) throw notFoundError('permission set', permissionSet);
  const assignment = [...(org.tables.get('PermissionSetAssignment')?.rows.values() ?? [])].find(
    (a) => a.AssigneeId === userId && a.PermissionSetId === ps.Id,
  );
  if (!assignment)
    throw notFoundError('assignment of permission set', `${permissionSet} to ${user}`);
  deleteRecord(emulator.data, org, assignment.Id, { actorId: setupActorId(emulator, org) });
  return { assignmentId: assignment.Id };
}

function summarizePermissionSet(
  emulator: Emulator,
  orgId: string,
  id: string,
): PermissionSetSummary {
  const org = requireControlOrg(emulator, orgId);
  const ps = org.tables.get('PermissionSet')?.rows.get(id);
  if (!ps) throw notFoundError('permission set', id);
  const objectPermissions: Record<string, ObjectAccess> = {};
  for (const op of org.tables.get('ObjectPermissions')?.rows.values() ?? []) {
    if (op.ParentId !== id) continue;
    objectPermissions[String(op.SobjectType)] = {
      read: op.PermissionsRead === true,
      create: op.PermissionsCreate === true,
      edit: op.PermissionsEdit === true,
      delete: op.PermissionsDelete === true,
      viewAll: op.PermissionsViewAllRecords === true,
      modifyAll: op.PermissionsModifyAllRecords === true,
    };
  }
  let assignees = 0;
  for (const a of org.tables.get('PermissionSetAssignment')?.rows.values() ?? [])
    if (a.PermissionSetId === id) assignees += 1;
  return {
    id,
    name: String(ps.Name),
    label: String(ps.Label),
    isOwnedByProfile: ps.IsOwnedByProfile === true,
    userPermissions: USER_PERMISSIONS.filter((p) => ps[`Permissions${p}`] === true),
    objectPermissions,
    assignees,
  };
}
