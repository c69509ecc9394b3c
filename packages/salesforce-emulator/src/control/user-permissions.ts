import { updateRecord } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import type { UserPermission } from '../schema/standard-objects.ts';
import { requireControlOrg, requireControlUser, setupActorId } from './lookup.ts';
import { parseUserPermission } from './permission-sets.ts';
import { requirePermissionSetRow, type PermissionTarget } from './permission-target.ts';
import { resolveProfile } from './users.ts';

/**
 * Turns one user permission (`ApiEnabled`, `ViewSetup`, …) on or off on a profile or permission
 * set, by updating its `Permissions<Name>` field.
 */
export function setUserPermission(
  emulator: Emulator,
  orgId: string,
  target: PermissionTarget,
  permission: string,
  enabled: boolean,
): { permission: UserPermission; enabled: boolean } {
  const org = requireControlOrg(emulator, orgId);
  const name = parseUserPermission(permission);
  const ps = requirePermissionSetRow(emulator, org, target);
  updateRecord(
    emulator.data,
    org,
    'PermissionSet',
    ps.Id,
    { [`Permissions${name}`]: enabled },
    { actorId: setupActorId(emulator, org) },
  );
  return { permission: name, enabled };
}

/** Moves a user to another profile (name or id), as editing the user record in Setup does. */
export function changeUserProfile(
  emulator: Emulator,
  orgId: string,
  user: string,
  profile: string,
): { userId: string; profileId: string } {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  const profileId = resolveProfile(emulator, org, profile);
  updateRecord(
    emulator.data,
    org,
    'User',
    record.Id,
    { ProfileId: profileId },
    { actorId: setupActorId(emulator, org) },
  );
  return { userId: record.Id, profileId };
}
