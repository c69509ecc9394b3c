import { describeFailure } from './read-failure.ts';
import { seen, unseen, type SalesforceReader, type Seen } from './salesforce-reader.ts';
import { queryRows, soqlList, text } from './soql-query.ts';

/** A permission set that exists in the org. */
export interface OrgPermissionSet {
  name: string;
  label: string;
}

/**
 * The org's own permission sets (not profiles') whose API name or label is one of `names`, so a
 * fix can say "assign it" when it exists and "install or create it" when it does not.
 */
export async function findPermissionSets(
  reader: SalesforceReader,
  names: readonly string[],
): Promise<Seen<OrgPermissionSet[]>> {
  if (names.length === 0) return seen([]);
  try {
    const rows = await queryRows(
      reader,
      `SELECT Name, Label FROM PermissionSet WHERE IsOwnedByProfile = false AND ` +
        `(Name IN ${soqlList(names)} OR Label IN ${soqlList(names)})`,
    );
    return seen(
      rows.flatMap((row) => {
        const name = text(row, 'Name');
        return name === null ? [] : [{ name, label: text(row, 'Label') ?? name }];
      }),
    );
  } catch (error) {
    return unseen(`the org's permission sets could not be searched: ${describeFailure(error)}`);
  }
}
