import type { ObjectLevel } from './requirement-profile.ts';

/**
 * Objects Setup has no object settings for: what a user may do with them follows user
 * permissions, so ObjectPermissions holds no rows for them and describe is the only per-object
 * evidence. Per level, the user permission that grants it, where one does.
 * @see https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
 */
const GOVERNING: Record<string, Partial<Record<ObjectLevel, string>>> = {
  user: {
    read: 'ViewAllUsers',
    create: 'ManageUsers',
    edit: 'ManageUsers',
    viewAll: 'ViewAllUsers',
  },
  profile: { read: 'ViewSetup' },
  organization: { read: 'ViewSetup' },
  permissionset: {
    read: 'ViewSetup',
    create: 'ManageProfilesPermissionsets',
    edit: 'ManageProfilesPermissionsets',
    delete: 'ManageProfilesPermissionsets',
  },
  permissionsetassignment: {
    read: 'ViewSetup',
    create: 'AssignPermissionSets',
    delete: 'AssignPermissionSets',
  },
  objectpermissions: {
    read: 'ViewSetup',
    create: 'ManageProfilesPermissionsets',
    edit: 'ManageProfilesPermissionsets',
    delete: 'ManageProfilesPermissionsets',
  },
};

/** Whether access to the object follows user permissions rather than object settings. */
export function isSetupObject(object: string): boolean {
  return Object.hasOwn(GOVERNING, object.toLowerCase());
}

/** The user permission that grants `level` on a setup object, or null when none does. */
export function governingPermission(object: string, level: ObjectLevel): string | null {
  return GOVERNING[object.toLowerCase()]?.[level] ?? null;
}
