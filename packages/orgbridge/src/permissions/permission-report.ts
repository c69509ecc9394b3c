import type { Need, ObjectLevel } from './requirement-profile.ts';

/**
 * - `granted`: what the user can see shows the item is held.
 * - `missing`: what the user can see shows it is not.
 * - `unverifiable`: the user cannot see enough to tell; `reason` says what was not visible.
 */
export type PermissionStatus = 'granted' | 'missing' | 'unverifiable';

export type PermissionItemKind =
  'object' | 'userPermission' | 'permissionSet' | 'profile' | 'visualforcePage';

/** Where the status was decided. */
export type PermissionSource =
  /** ObjectPermissions rows of the user's permission sets (needs View Setup and Configuration). */
  | 'objectPermissions'
  /** `/sobjects/X/describe` flags, computed by Salesforce for the user. */
  | 'describe'
  /** `Permissions*` fields of the user's permission sets, the profile's own included. */
  | 'userPermissions'
  /** PermissionSetAssignment rows of the user. */
  | 'permissionSetAssignments'
  /** The user's own User record (`Profile.Name`). */
  | 'user'
  /** ApexPage and SetupEntityAccess rows. */
  | 'setupEntityAccess';

/** One checked item of a requirement profile. */
export interface PermissionItem {
  /** Stable: `object:Account:read`, `userPermission:ViewSetup`, `permissionSet:Partner_Access`, `profile:System Administrator`, `visualforcePage:PartnerSetup`. */
  id: string;
  kind: PermissionItemKind;
  /** The object, permission, permission set, profile or page, as the requirement names it. */
  target: string;
  /** For `object` items only. */
  level?: ObjectLevel;
  need: Need;
  status: PermissionStatus;
  /** Why, in plain words. */
  reason: string;
  /** What an admin does in Setup to grant it (or to check it by hand); null when granted. */
  fix: string | null;
  source: PermissionSource;
}

export interface PermissionSummary {
  granted: number;
  missing: number;
  unverifiable: number;
  /** Required items that are missing: any makes the report not `ok`. */
  requiredMissing: number;
  /** Required items that could not be verified. */
  requiredUnverifiable: number;
}

/** The outcome of checking one requirement profile for one user. JSON-serializable. */
export interface PermissionReport {
  /** The requirement profile's name. */
  profile: string;
  /** ISO 8601. */
  checkedAt: string;
  user: { id: string; username: string | null; profileName: string | null };
  summary: PermissionSummary;
  /** No required item is missing (unverifiable ones do not count against it). */
  ok: boolean;
  items: PermissionItem[];
}

export function summarize(items: readonly PermissionItem[]): PermissionSummary {
  const count = (pred: (item: PermissionItem) => boolean) => items.filter(pred).length;
  return {
    granted: count((i) => i.status === 'granted'),
    missing: count((i) => i.status === 'missing'),
    unverifiable: count((i) => i.status === 'unverifiable'),
    requiredMissing: count((i) => i.need === 'required' && i.status === 'missing'),
    requiredUnverifiable: count((i) => i.need === 'required' && i.status === 'unverifiable'),
  };
}
