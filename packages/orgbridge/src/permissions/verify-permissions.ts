import { AppError, ErrorCode } from '../errors.ts';
import { checkObjects } from './check-objects.ts';
import { checkPermissionSets, matchesPermissionSet } from './check-permission-sets.ts';
import { checkProfile } from './check-profile.ts';
import { checkUserPermissions } from './check-user-permissions.ts';
import { checkVisualforcePages } from './check-visualforce-pages.ts';
import { fixContext } from './fix-context.ts';
import { summarize, type PermissionReport } from './permission-report.ts';
import { readDescribe, type DescribeResult } from './read-describe.ts';
import { readObjectPermissions } from './read-object-permissions.ts';
import { findPermissionSets } from './read-permission-set-catalog.ts';
import { readPermissionSets } from './read-permission-sets.ts';
import { readUser } from './read-user.ts';
import { readVisualforceAccess } from './read-visualforce-access.ts';
import {
  OBJECT_LEVELS,
  parseRequirementProfile,
  type RequirementProfile,
} from './requirement-profile.ts';
import { seen, unseen, type SalesforceReader } from './salesforce-reader.ts';
import { governingPermission, isSetupObject } from './setup-objects.ts';

export type { SalesforceReader } from './salesforce-reader.ts';

/** Per-call settings of {@link verifyPermissions}. */
export interface VerifyPermissionsOptions {
  /** The clock for `checkedAt`; defaults to the real one. */
  now?: () => Date;
}

const USER_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

// Read whatever the profile asks: they widen every data object (Modify All Data, View All Data).
const ALL_DATA_PERMISSIONS = ['ViewAllData', 'ModifyAllData'];

/** The user permissions to read: asked for, widening data access, or governing a setup object. */
function permissionsToRead(profile: RequirementProfile): string[] {
  const names = new Set(profile.userPermissions.map((p) => p.permission));
  for (const p of ALL_DATA_PERMISSIONS) names.add(p);
  for (const { object, access } of profile.objects) {
    if (!isSetupObject(object)) continue;
    for (const level of OBJECT_LEVELS) {
      const governing = access[level] === undefined ? null : governingPermission(object, level);
      if (governing !== null) names.add(governing);
    }
  }
  return [...names];
}

/**
 * Checks a requirement profile against what one Salesforce user holds, reading only what that
 * user may see: their User record, permission set assignments, the user permissions of every set
 * they hold (the profile's own included; a user's access is the OR over them), ObjectPermissions
 * rows, and describe where ObjectPermissions is not visible to them. Each item comes back
 * `granted`, `missing` or `unverifiable`, with a reason and a fix an admin can follow in Setup. A
 * request that fails makes its source "not visible"; the report is still produced.
 *
 * Fails with `VALIDATION_FAILED` for a malformed requirement profile or user id, before any
 * request is made.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm
 */
export async function verifyPermissions(
  reader: SalesforceReader,
  profile: RequirementProfile,
  who: { userId: string },
  options: VerifyPermissionsOptions = {},
): Promise<PermissionReport> {
  // Validated again here because permission names become SOQL field names.
  const wanted = parseRequirementProfile(profile);
  if (!USER_ID.test(who.userId))
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'userId must be a 15- or 18-character Salesforce id',
      {
        details: { field: 'userId' },
      },
    );
  const { userId } = who;

  const user = await readUser(reader, userId);
  const sets = await readPermissionSets(
    reader,
    userId,
    user.visible ? user.value.profileId : null,
    permissionsToRead(wanted),
  );
  const { held } = sets;
  const dataObjects = wanted.objects.map((o) => o.object).filter((o) => !isSetupObject(o));
  const unassigned = wanted.permissionSets
    .map((s) => s.name)
    .filter(
      (name) =>
        !held.visible ||
        !held.value.some((s) => !s.isOwnedByProfile && matchesPermissionSet(s, name)),
    );

  const [objectPermissions, visualforce, catalog] = await Promise.all([
    held.visible
      ? readObjectPermissions(reader, held.value, dataObjects)
      : Promise.resolve(unseen<never>(`ObjectPermissions were not read: ${held.reason}`)),
    wanted.visualforcePages.length > 0
      ? readVisualforceAccess(
          reader,
          held,
          wanted.visualforcePages.map((p) => p.name),
        )
      : Promise.resolve(seen({ pages: new Map(), enabledBy: new Map() })),
    findPermissionSets(reader, held.visible ? unassigned : []),
  ]);

  // Data objects without any ObjectPermissions row are described too: the org may not have them.
  const toDescribe = wanted.objects
    .map((o) => o.object)
    .filter(
      (o) =>
        isSetupObject(o) ||
        !objectPermissions.visible ||
        !objectPermissions.value.has(o.toLowerCase()),
    );
  const describes = new Map<string, DescribeResult>(
    await Promise.all(
      toDescribe.map(async (o) => [o.toLowerCase(), await readDescribe(reader, o)] as const),
    ),
  );

  const facts = user.visible ? user.value : { id: userId, username: null, profileName: null };
  const ctx = fixContext(facts, held.visible ? held.value : null);
  const items = [
    ...checkObjects(wanted.objects, {
      objectPermissions,
      describes,
      userPermissions: sets.userPermissions,
      ctx,
    }),
    ...checkUserPermissions(wanted.userPermissions, sets.userPermissions, ctx),
    ...checkPermissionSets(wanted.permissionSets, held, catalog, ctx),
    ...(wanted.profile ? [checkProfile(wanted.profile, user)] : []),
    ...checkVisualforcePages(wanted.visualforcePages, visualforce, ctx),
  ];
  const summary = summarize(items);
  return {
    profile: wanted.name,
    checkedAt: (options.now ?? (() => new Date()))().toISOString(),
    user: { id: facts.id, username: facts.username, profileName: facts.profileName },
    summary,
    ok: summary.requiredMissing === 0,
    items,
  };
}
