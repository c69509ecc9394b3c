import { OBJECT_LEVELS, type ObjectLevel } from './requirement-profile.ts';
import { noLevels, withImpliedLevels, type LevelSet } from './object-levels.ts';
import type { HeldPermissionSet } from './read-permission-sets.ts';
import { describeFailure } from './read-failure.ts';
import { seen, unseen, type SalesforceReader, type Seen } from './salesforce-reader.ts';
import { flag, queryRows, soqlList, text } from './soql-query.ts';

/** The user's access to one object as their permission sets grant it. */
export interface ObjectGrant {
  levels: LevelSet;
  /** Per level, the held sets that grant it (directly or through a level that implies it). */
  grantedBy: Record<ObjectLevel, HeldPermissionSet[]>;
}

const FIELD: Record<ObjectLevel, string> = {
  read: 'PermissionsRead',
  create: 'PermissionsCreate',
  edit: 'PermissionsEdit',
  delete: 'PermissionsDelete',
  viewAll: 'PermissionsViewAllRecords',
  modifyAll: 'PermissionsModifyAllRecords',
};

function emptyGrant(): ObjectGrant {
  return {
    levels: noLevels(),
    grantedBy: { read: [], create: [], edit: [], delete: [], viewAll: [], modifyAll: [] },
  };
}

/**
 * Reads the ObjectPermissions rows of every held set for the given objects and ORs them per
 * object (keys in lower case). Salesforce lets only users with View Setup and Configuration query
 * ObjectPermissions (since Summer '20); for anyone else this is not visible.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm
 */
export async function readObjectPermissions(
  reader: SalesforceReader,
  held: readonly HeldPermissionSet[],
  objects: readonly string[],
): Promise<Seen<Map<string, ObjectGrant>>> {
  const grants = new Map<string, ObjectGrant>();
  if (objects.length === 0 || held.length === 0) return seen(grants);
  const byId = new Map(held.map((set) => [set.id, set]));
  try {
    const rows = await queryRows(
      reader,
      `SELECT SobjectType, ${OBJECT_LEVELS.map((l) => FIELD[l]).join(', ')}, ParentId ` +
        `FROM ObjectPermissions WHERE ParentId IN ${soqlList([...byId.keys()])} ` +
        `AND SobjectType IN ${soqlList(objects)}`,
    );
    for (const row of rows) {
      const object = text(row, 'SobjectType')?.toLowerCase();
      const set = byId.get(text(row, 'ParentId') ?? '');
      if (object === undefined || set === undefined) continue;
      const grant = grants.get(object) ?? emptyGrant();
      grants.set(object, grant);
      const direct = noLevels();
      for (const level of OBJECT_LEVELS) direct[level] = flag(row, FIELD[level]);
      const levels = withImpliedLevels(direct);
      for (const level of OBJECT_LEVELS) {
        if (!levels[level]) continue;
        grant.levels[level] = true;
        if (!grant.grantedBy[level].includes(set)) grant.grantedBy[level].push(set);
      }
    }
    return seen(grants);
  } catch (error) {
    return unseen(
      `ObjectPermissions could not be read (${describeFailure(error)}); Salesforce lets only ` +
        'users with View Setup and Configuration query it',
    );
  }
}
