import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { invalidRequest, notFoundError } from './control-error.ts';

/** Where a permission lives: a profile (its own permission set) or a permission set, by name or id. */
export type PermissionTarget = { profile: string } | { permissionSet: string };

/** Reads `{ "profile": … }` or `{ "permissionSet": … }`. */
export function parsePermissionTarget(input: Record<string, unknown>): PermissionTarget {
  const { profile, permissionSet } = input;
  if (typeof profile === 'string' && permissionSet === undefined) return { profile };
  if (typeof permissionSet === 'string' && profile === undefined) return { permissionSet };
  throw invalidRequest('name either "profile" or "permissionSet"');
}

/**
 * The PermissionSet row that holds a target's permissions. A profile's permissions live on the
 * permission set it owns (`IsOwnedByProfile = true`), as in Salesforce's data model.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 */
export function requirePermissionSetRow(
  emulator: Emulator,
  org: Org,
  target: PermissionTarget,
): SObjectRecord {
  if ('profile' in target) {
    let profileId: string;
    try {
      profileId = emulator.resolveProfileId(org, target.profile);
    } catch {
      throw notFoundError('profile', target.profile);
    }
    for (const ps of org.tables.get('PermissionSet')?.rows.values() ?? []) {
      if (ps.IsOwnedByProfile === true && ps.ProfileId === profileId) return ps;
    }
    throw notFoundError('permission set of profile', target.profile);
  }
  const ps = emulator.findPermissionSet(org, target.permissionSet);
  if (!ps) throw notFoundError('permission set', target.permissionSet);
  return ps;
}
