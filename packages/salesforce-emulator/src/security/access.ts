import type { Org } from '../model/org.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { USER_PERMISSIONS, type UserPermission } from '../schema/standard-objects.ts';

/** What a user may do with one object. */
export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

/** A user's effective permissions: the OR over the profile's permission set and every assigned one. */
export interface UserAccess {
  userId: string;
  profileId: string;
  profileName: string;
  permissions: Set<UserPermission>;
  /** SobjectType → access from ObjectPermissions rows. */
  objectPermissions: Map<string, ObjectAccess>;
  permissionSetIds: string[];
}

const NONE: ObjectAccess = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false,
};
const ALL: ObjectAccess = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: true,
  modifyAll: true,
};

const cache = new WeakMap<Org, Map<string, { version: number; access: UserAccess }>>();

/**
 * Computes a user's effective permissions from the org's Profile, PermissionSet,
 * PermissionSetAssignment and ObjectPermissions rows: the same rows a client can query, so what
 * the emulator enforces is what a permission check can see. Cached until those rows change.
 */
export function computeAccess(org: Org, userId: string): UserAccess {
  let perOrg = cache.get(org);
  if (!perOrg) {
    perOrg = new Map();
    cache.set(org, perOrg);
  }
  const hit = perOrg.get(userId);
  if (hit && hit.version === org.permissionsVersion) return hit.access;
  const access = buildAccess(org, userId);
  perOrg.set(userId, { version: org.permissionsVersion, access });
  return access;
}

function buildAccess(org: Org, userId: string): UserAccess {
  const user = org.tables.get('User')?.rows.get(userId);
  const profileId = typeof user?.ProfileId === 'string' ? user.ProfileId : '';
  const profile = org.tables.get('Profile')?.rows.get(profileId);
  const permissionSets = org.tables.get('PermissionSet')?.rows;
  const setIds: string[] = [];
  for (const ps of permissionSets?.values() ?? []) {
    if (ps.IsOwnedByProfile === true && ps.ProfileId === profileId) setIds.push(ps.Id);
  }
  for (const a of org.tables.get('PermissionSetAssignment')?.rows.values() ?? []) {
    if (
      a.AssigneeId === userId &&
      typeof a.PermissionSetId === 'string' &&
      !setIds.includes(a.PermissionSetId)
    ) {
      setIds.push(a.PermissionSetId);
    }
  }
  const permissions = new Set<UserPermission>();
  for (const id of setIds) {
    const ps = permissionSets?.get(id);
    if (!ps) continue;
    for (const p of USER_PERMISSIONS) if (ps[`Permissions${p}`] === true) permissions.add(p);
  }
  const objectPermissions = new Map<string, ObjectAccess>();
  const sets = new Set(setIds);
  for (const op of org.tables.get('ObjectPermissions')?.rows.values() ?? []) {
    if (
      typeof op.ParentId !== 'string' ||
      !sets.has(op.ParentId) ||
      typeof op.SobjectType !== 'string'
    )
      continue;
    const prev = objectPermissions.get(op.SobjectType) ?? { ...NONE };
    objectPermissions.set(op.SobjectType, {
      read: prev.read || op.PermissionsRead === true,
      create: prev.create || op.PermissionsCreate === true,
      edit: prev.edit || op.PermissionsEdit === true,
      delete: prev.delete || op.PermissionsDelete === true,
      viewAll: prev.viewAll || op.PermissionsViewAllRecords === true,
      modifyAll: prev.modifyAll || op.PermissionsModifyAllRecords === true,
    });
  }
  return {
    userId,
    profileId,
    profileName: typeof profile?.Name === 'string' ? profile.Name : '',
    permissions,
    objectPermissions,
    permissionSetIds: setIds,
  };
}

/**
 * The user's access to one object. Data objects follow ObjectPermissions (View/Modify All Data
 * widen them); the user and setup objects follow user permissions, as in Salesforce:
 * ObjectPermissions (since Summer '20) and SetupEntityAccess (since Spring '20) are readable only
 * with View Setup and Configuration, while Visualforce page names and ids (ApexPage) are visible
 * to every user, "Customize Application" or not.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupentityaccess.htm
 * @see https://help.salesforce.com/s/articleView?id=platform.pages_page_level_security.htm
 */
export function objectAccess(access: UserAccess, def: ObjectDefinition): ObjectAccess {
  const has = (p: UserPermission) => access.permissions.has(p);
  const canManageUsers = has('ManageUsers') || has('ManageInternalUsers');
  const canManageSets = has('ManageProfilesPermissionsets');
  switch (def.name) {
    case 'User':
      return { ...NONE, read: true, create: canManageUsers, edit: canManageUsers, viewAll: true };
    case 'Profile':
    case 'Organization':
      return { ...NONE, read: true, viewAll: true };
    case 'PermissionSet':
      return {
        ...NONE,
        read: true,
        viewAll: true,
        create: canManageSets,
        edit: canManageSets,
        delete: canManageSets,
      };
    case 'PermissionSetAssignment': {
      const assign = has('AssignPermissionSets') || canManageUsers;
      return { ...NONE, read: true, viewAll: true, create: assign, delete: assign };
    }
    case 'ObjectPermissions':
      return {
        ...NONE,
        read: has('ViewSetup'),
        viewAll: has('ViewSetup'),
        create: canManageSets,
        edit: canManageSets,
        delete: canManageSets,
      };
    // Both are read-only through the emulator's API; the control API writes them.
    case 'SetupEntityAccess':
      return { ...NONE, read: has('ViewSetup'), viewAll: has('ViewSetup') };
    case 'ApexPage':
      return { ...NONE, read: true, viewAll: true };
    default: {
      if (has('ModifyAllData')) return { ...ALL };
      const granted = access.objectPermissions.get(def.name) ?? { ...NONE };
      if (has('ViewAllData')) return { ...granted, read: true, viewAll: true };
      if (granted.modifyAll) return { ...ALL };
      return granted;
    }
  }
}
