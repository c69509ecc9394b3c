import { describeFailure } from './read-failure.ts';
import { seen, unseen, type SalesforceReader, type Seen } from './salesforce-reader.ts';
import { flag, queryRows, soqlList, soqlString, text, type Row } from './soql-query.ts';

/** A permission set the user holds: assigned, or the one their profile owns. */
export interface HeldPermissionSet {
  id: string;
  /** API name; a profile's own set has a generated one (`X00e…`). */
  name: string;
  label: string;
  isOwnedByProfile: boolean;
}

/** What the user's permission sets show. */
export interface PermissionSetFacts {
  /** Every set the user holds; visible only when the list is known to be complete. */
  held: Seen<HeldPermissionSet[]>;
  /** Per user permission read: the held sets that grant it (empty: none does). */
  userPermissions: Map<string, Seen<HeldPermissionSet[]>>;
}

interface KnownSet extends HeldPermissionSet {
  /** `Permissions<Name>` values read, by permission name. */
  flags: Map<string, boolean>;
}

const BASE_FIELDS = 'Id, Name, Label, IsOwnedByProfile';

function knownSet(row: Row, id: string): KnownSet {
  return {
    id,
    name: text(row, 'Name') ?? id,
    label: text(row, 'Label') ?? text(row, 'Name') ?? id,
    isOwnedByProfile: flag(row, 'IsOwnedByProfile'),
    flags: new Map(),
  };
}

async function readAssignments(
  reader: SalesforceReader,
  userId: string,
): Promise<Seen<KnownSet[]>> {
  try {
    const rows = await queryRows(
      reader,
      'SELECT PermissionSetId, PermissionSet.Name, PermissionSet.Label, ' +
        'PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment ' +
        `WHERE AssigneeId = ${soqlString(userId)}`,
    );
    const sets: KnownSet[] = [];
    for (const row of rows) {
      const id = text(row, 'PermissionSetId');
      const ps = row.PermissionSet;
      if (id !== null)
        sets.push(knownSet(typeof ps === 'object' && ps !== null ? (ps as Row) : {}, id));
    }
    return seen(sets);
  } catch (error) {
    return unseen(
      `the user's permission set assignments could not be read: ${describeFailure(error)}`,
    );
  }
}

/**
 * Reads the sets the user holds and the user permissions they grant. The profile's own set is
 * looked up by `ProfileId` as well as through assignments, since not every API shows its
 * assignment. Permission fields are read in one query; if the org refuses it (a permission this
 * org does not have is `INVALID_FIELD`), each permission is read on its own so one unknown name
 * cannot hide the others.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm
 */
export async function readPermissionSets(
  reader: SalesforceReader,
  userId: string,
  profileId: string | null,
  permissions: readonly string[],
): Promise<PermissionSetFacts> {
  const assignments = await readAssignments(reader, userId);
  const sets = new Map<string, KnownSet>();
  for (const set of assignments.visible ? assignments.value : []) sets.set(set.id, set);

  const filters: string[] = [];
  if (sets.size > 0) filters.push(`Id IN ${soqlList([...sets.keys()])}`);
  if (profileId !== null)
    filters.push(`(IsOwnedByProfile = true AND ProfileId = ${soqlString(profileId)})`);
  const where = filters.join(' OR ');
  const failures = new Map<string, string>();
  const merge = (rows: Row[], fields: readonly string[]) => {
    for (const row of rows) {
      const id = text(row, 'Id');
      if (id === null) continue;
      const set = sets.get(id) ?? knownSet(row, id);
      if (!sets.has(id)) sets.set(id, set);
      if (flag(row, 'IsOwnedByProfile')) set.isOwnedByProfile = true;
      for (const p of fields) set.flags.set(p, flag(row, `Permissions${p}`));
    }
  };

  if (where === '') {
    const reason = assignments.visible
      ? "the user's profile could not be read"
      : assignments.reason;
    for (const p of permissions) failures.set(p, reason);
  } else {
    const fields = permissions.map((p) => `Permissions${p}`);
    try {
      merge(
        await queryRows(
          reader,
          `SELECT ${[BASE_FIELDS, ...fields].join(', ')} FROM PermissionSet WHERE ${where}`,
        ),
        permissions,
      );
    } catch {
      await readOneByOne(reader, where, permissions, merge, failures);
    }
  }

  const complete = assignments.visible && [...sets.values()].some((set) => set.isOwnedByProfile);
  const held: Seen<HeldPermissionSet[]> = complete
    ? seen(
        [...sets.values()].map((set) => ({
          id: set.id,
          name: set.name,
          label: set.label,
          isOwnedByProfile: set.isOwnedByProfile,
        })),
      )
    : unseen(
        assignments.visible
          ? "the permission set of the user's profile could not be read"
          : assignments.reason,
      );

  const userPermissions = new Map<string, Seen<HeldPermissionSet[]>>();
  for (const p of permissions) {
    const failure = failures.get(p);
    const grantors = [...sets.values()].filter((set) => set.flags.get(p) === true);
    // One granting set proves the permission even when the list of sets is incomplete.
    if (grantors.length > 0) userPermissions.set(p, seen(grantors));
    else if (failure !== undefined) userPermissions.set(p, unseen(failure));
    else if (held.visible) userPermissions.set(p, seen([]));
    else userPermissions.set(p, unseen(held.reason));
  }
  return { held, userPermissions };
}

async function readOneByOne(
  reader: SalesforceReader,
  where: string,
  permissions: readonly string[],
  merge: (rows: Row[], fields: readonly string[]) => void,
  failures: Map<string, string>,
): Promise<void> {
  try {
    merge(await queryRows(reader, `SELECT ${BASE_FIELDS} FROM PermissionSet WHERE ${where}`), []);
  } catch (error) {
    const reason = `the user's permission sets could not be read: ${describeFailure(error)}`;
    for (const p of permissions) failures.set(p, reason);
    return;
  }
  await Promise.all(
    permissions.map(async (p) => {
      try {
        merge(
          await queryRows(reader, `SELECT Id, Permissions${p} FROM PermissionSet WHERE ${where}`),
          [p],
        );
      } catch (error) {
        failures.set(
          p,
          `the field Permissions${p} could not be read (${describeFailure(error)}); ` +
            'the org may not have this permission, or the name is misspelled',
        );
      }
    }),
  );
}
