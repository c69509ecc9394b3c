import type { HeldPermissionSet } from './read-permission-sets.ts';
import { describeFailure } from './read-failure.ts';
import { seen, unseen, type SalesforceReader, type Seen } from './salesforce-reader.ts';
import { queryRows, soqlList, text, type Row } from './soql-query.ts';

/** A Visualforce page found in the org. */
export interface VisualforcePage {
  id: string;
  /** `ns__Name` for a packaged page, else `Name`. */
  fullName: string;
}

/** Which pages exist and which held sets enable each. */
export interface VisualforceFacts {
  /** By the name asked for: the page, or null when the org has none of that name. */
  pages: Map<string, VisualforcePage | null>;
  /** By page id: the held sets that enable it. */
  enabledBy: Map<string, HeldPermissionSet[]>;
}

/** `ns__Page` → `{ namespace: 'ns', name: 'Page' }`; page names cannot contain `__` themselves. */
function splitName(fullName: string): { namespace: string | null; name: string } {
  const at = fullName.indexOf('__');
  return at < 0
    ? { namespace: null, name: fullName }
    : { namespace: fullName.slice(0, at), name: fullName.slice(at + 2) };
}

function pick(rows: Row[], wanted: string): VisualforcePage | null {
  const { namespace, name } = splitName(wanted);
  const same = (a: string | null, b: string | null) =>
    (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  const candidates = rows.filter((row) => same(text(row, 'Name'), name));
  const row =
    namespace !== null
      ? candidates.find((r) => same(text(r, 'NamespacePrefix'), namespace))
      : (candidates.find((r) => text(r, 'NamespacePrefix') === null) ?? candidates[0]);
  const id = text(row, 'Id');
  if (row === undefined || id === null) return null;
  const ns = text(row, 'NamespacePrefix');
  return { id, fullName: `${ns === null ? '' : `${ns}__`}${text(row, 'Name') ?? name}` };
}

/**
 * Finds the pages by name (ApexPage) and which of the user's sets enable them
 * (SetupEntityAccess of type ApexPage). Orgs and users that may not query these objects make the
 * whole answer not visible.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupentityaccess.htm
 */
export async function readVisualforceAccess(
  reader: SalesforceReader,
  held: Seen<HeldPermissionSet[]>,
  pageNames: readonly string[],
): Promise<Seen<VisualforceFacts>> {
  if (!held.visible) return unseen(held.reason);
  try {
    const rows = await queryRows(
      reader,
      'SELECT Id, Name, NamespacePrefix FROM ApexPage WHERE Name IN ' +
        soqlList([...new Set(pageNames.map((n) => splitName(n).name))]),
    );
    const pages = new Map(pageNames.map((n) => [n, pick(rows, n)] as const));
    const ids = [...new Set([...pages.values()].flatMap((p) => (p === null ? [] : [p.id])))];
    const enabledBy = new Map<string, HeldPermissionSet[]>(ids.map((id) => [id, []]));
    const byId = new Map(held.value.map((set) => [set.id, set]));
    if (ids.length > 0 && byId.size > 0) {
      const access = await queryRows(
        reader,
        `SELECT SetupEntityId, ParentId FROM SetupEntityAccess WHERE ParentId IN ${soqlList([...byId.keys()])} ` +
          `AND SetupEntityType = 'ApexPage' AND SetupEntityId IN ${soqlList(ids)}`,
      );
      for (const row of access) {
        const set = byId.get(text(row, 'ParentId') ?? '');
        const list = enabledBy.get(text(row, 'SetupEntityId') ?? '');
        if (set !== undefined && list !== undefined && !list.includes(set)) list.push(set);
      }
    }
    return seen({ pages, enabledBy });
  } catch (error) {
    return unseen(
      `Visualforce pages and their access could not be read (${describeFailure(error)})`,
    );
  }
}
