import { insertRecord, type DataContext } from '../data/record-operations.ts';
import type { Org } from '../model/org.ts';
import { USER_PERMISSIONS, type UserPermission } from '../schema/standard-objects.ts';

/** The standard profiles every emulated org starts with. */
export const STANDARD_PROFILES = [
  'System Administrator',
  'Standard User',
  'Minimum Access - API Only Integrations',
] as const;

export type StandardProfileName = (typeof STANDARD_PROFILES)[number];

/** Objects whose access ObjectPermissions governs in a new org. */
export const DATA_OBJECTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Campaign',
  'Task',
  'Event',
];

type Level = 'crud' | 'read' | 'all';

const PROFILE_GRANTS: Record<
  StandardProfileName,
  { userPermissions: UserPermission[]; objects: Record<string, Level> }
> = {
  'System Administrator': {
    userPermissions: USER_PERMISSIONS.filter(
      (p) => p !== 'ApiUserOnly' && p !== 'PasswordNeverExpires',
    ),
    objects: Object.fromEntries(DATA_OBJECTS.map((o) => [o, 'all'])),
  },
  'Standard User': {
    userPermissions: ['ApiEnabled'],
    objects: {
      Account: 'crud',
      Contact: 'crud',
      Lead: 'crud',
      Opportunity: 'crud',
      Campaign: 'read',
      Task: 'crud',
      Event: 'crud',
    },
  },
  'Minimum Access - API Only Integrations': {
    userPermissions: ['ApiEnabled', 'ApiUserOnly'],
    objects: {},
  },
};

function levelFields(level: Level): Record<string, boolean> {
  return {
    PermissionsRead: true,
    PermissionsCreate: level !== 'read',
    PermissionsEdit: level !== 'read',
    PermissionsDelete: level !== 'read',
    PermissionsViewAllRecords: level === 'all',
    PermissionsModifyAllRecords: level === 'all',
  };
}

/**
 * Creates the standard profiles, each with the permission set it owns (IsOwnedByProfile), and
 * their object permissions, as the rows a client can query.
 */
export function seedStandardProfiles(ctx: DataContext, org: Org): void {
  // Setup rows created before any user exists are attributed to the "automated process" user id.
  const actorId = '005000000000000AAA';
  for (const name of STANDARD_PROFILES) {
    const profile = insertRecord(
      ctx,
      org,
      'Profile',
      {
        Name: name,
        Description: name.startsWith('Minimum Access')
          ? 'Salesforce Integration user license'
          : null,
      },
      { actorId },
    );
    const grants = PROFILE_GRANTS[name];
    const permissionFields = Object.fromEntries(
      USER_PERMISSIONS.map((p) => [`Permissions${p}`, grants.userPermissions.includes(p)]),
    );
    const ps = insertRecord(
      ctx,
      org,
      'PermissionSet',
      { Name: `X00e${profile.Id.slice(3, 15)}`, Label: name, ...permissionFields },
      { actorId },
    );
    ps.IsOwnedByProfile = true;
    ps.ProfileId = profile.Id;
    for (const [object, level] of Object.entries(grants.objects)) {
      insertRecord(
        ctx,
        org,
        'ObjectPermissions',
        { ParentId: ps.Id, SobjectType: object, ...levelFields(level) },
        { actorId },
      );
    }
  }
  org.permissionsVersion += 1;
}

/** Grants a profile-owned permission set access to a new custom object, as creating one does for admins. */
export function grantObjectToAdmins(ctx: DataContext, org: Org, objectName: string): void {
  const admin = [...(org.tables.get('Profile')?.rows.values() ?? [])].find(
    (p) => p.Name === 'System Administrator',
  );
  const ps = [...(org.tables.get('PermissionSet')?.rows.values() ?? [])].find(
    (p) => p.IsOwnedByProfile === true && p.ProfileId === admin?.Id,
  );
  if (!ps) return;
  insertRecord(
    ctx,
    org,
    'ObjectPermissions',
    { ParentId: ps.Id, SobjectType: objectName, ...levelFields('all') },
    {
      actorId: '005000000000000AAA',
    },
  );
}
