import type { Emulator } from '../emulator.ts';
import type { UserPermission } from '../schema/standard-objects.ts';
import { computeAccess, objectAccess, type ObjectAccess } from '../security/access.ts';
import { requireControlOrg, requireControlUser } from './lookup.ts';

/** A user's effective permissions, as the emulator enforces them. */
export interface UserAccessSummary {
  userId: string;
  profileName: string;
  /** Names of every permission set counted, the profile's own first. */
  permissionSets: string[];
  userPermissions: UserPermission[];
  /** Object → effective access (after View/Modify All Data), for every object of the org. */
  objects: Record<string, ObjectAccess>;
}

/** The effective access of a user, from the same rows and rules the API enforces. */
export function describeUserAccess(
  emulator: Emulator,
  orgId: string,
  user: string,
): UserAccessSummary {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  const access = computeAccess(org, record.Id);
  const sets = org.tables.get('PermissionSet')?.rows;
  const objects: Record<string, ObjectAccess> = {};
  for (const def of org.schema.values()) objects[def.name] = objectAccess(access, def);
  return {
    userId: record.Id,
    profileName: access.profileName,
    permissionSets: access.permissionSetIds.map((id) => {
      const label = sets?.get(id)?.Label;
      return typeof label === 'string' ? label : id;
    }),
    userPermissions: [...access.permissions].sort(),
    objects,
  };
}
