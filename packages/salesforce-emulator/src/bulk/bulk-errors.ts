import { SalesforceError } from '../salesforce-error.ts';

/**
 * Bulk API 2.0 errors. Salesforce reuses the classic Bulk API exception codes, upper-cased, in
 * REST error arrays: `[{"errorCode":"INVALIDJOBSTATE","message":"Aborting already Completed Job not allowed"}]`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0_errors.htm
 */
export const invalidJob = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALIDJOB', message);

/** A close, abort, upload or delete that the job's state does not allow. */
export const invalidJobState = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALIDJOBSTATE', message);

/** An object Bulk API 2.0 does not support. */
export const invalidEntity = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALIDENTITY', message);

/** A request field holding a value its enum does not declare, in Salesforce's (Jackson's) words. */
export function invalidEnumValue(
  type: string,
  value: unknown,
  allowed: readonly string[],
): SalesforceError {
  return new SalesforceError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize value of type \`${type}\` from String ${JSON.stringify(String(value))}: value not one of declared Enum instance names: [${allowed.join(', ')}]`,
  );
}

/**
 * Why an ingest job ends `Failed`: the message becomes the job's `errorMessage`, in Salesforce's
 * `Code : detail` form (`InvalidBatch : Field name not found : Foo`).
 */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}
