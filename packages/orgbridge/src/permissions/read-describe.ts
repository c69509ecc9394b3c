import { failureStatus, describeFailure, salesforceErrorCode } from './read-failure.ts';
import { DATA_PATH, type SalesforceReader } from './salesforce-reader.ts';

/** An object's describe flags, which Salesforce computes for the calling user. */
export interface DescribeFlags {
  queryable: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
}

/** What describe showed: the flags, a 404 (unknown or unreadable object), or a failure. */
export type DescribeResult =
  | { kind: 'flags'; flags: DescribeFlags }
  | { kind: 'not_found' }
  | { kind: 'failed'; reason: string };

/**
 * Describes one object as the user. Salesforce answers 404 `NOT_FOUND` both for an object that
 * does not exist and for one the user cannot read, so the two cannot be told apart here.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
export async function readDescribe(
  reader: SalesforceReader,
  object: string,
): Promise<DescribeResult> {
  try {
    const body: unknown = await reader.get<unknown>(
      `${DATA_PATH}/sobjects/${encodeURIComponent(object)}/describe`,
    );
    if (typeof body !== 'object' || body === null)
      return { kind: 'failed', reason: 'Salesforce sent a describe result of an unknown shape' };
    const d = body as Record<string, unknown>;
    return {
      kind: 'flags',
      flags: {
        queryable: d.queryable === true,
        createable: d.createable === true,
        updateable: d.updateable === true,
        deletable: d.deletable === true,
      },
    };
  } catch (error) {
    if (failureStatus(error) === 404 || salesforceErrorCode(error) === 'NOT_FOUND')
      return { kind: 'not_found' };
    return { kind: 'failed', reason: `describe failed: ${describeFailure(error)}` };
  }
}
