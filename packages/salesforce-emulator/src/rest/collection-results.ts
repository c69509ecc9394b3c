import { SalesforceError } from '../salesforce-error.ts';

/** An error entry of an sObject Collections result: `statusCode`, not the REST `errorCode`. */
export interface CollectionError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** One row of an sObject Collections response (SaveResult, UpsertResult or DeleteResult). */
export interface CollectionResult {
  id?: string;
  success: boolean;
  errors: CollectionError[];
  created?: boolean;
}

/** What one row attempted, so a rolled-back row can still be reported with its id. */
export interface RowOutcome {
  result: CollectionResult;
  /** The id the row was about (given by the client, or just created). */
  id: string | undefined;
  /** Whether the row's write was rolled back with the request rather than failing itself. */
  createdHere: boolean;
}

/** The record is gone: deleted, purged, or never there. */
const GONE = { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] };

/** Turns a failure into a row error. Unexpected failures propagate, as they would be a bug. */
export function rowError(error: unknown): CollectionError {
  if (!(error instanceof SalesforceError)) throw error;
  if (error.errorCode === 'NOT_FOUND') return { ...GONE };
  return { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
}

/** A failed row. Failed rows carry no id, as in Salesforce's examples. */
export function failure(error: CollectionError, upsert: boolean): CollectionResult {
  return upsert
    ? { success: false, errors: [error], created: false }
    : { success: false, errors: [error] };
}

export const ROLLED_BACK: CollectionError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/**
 * The allOrNone answer when some row failed: failed rows keep their own error, every other row
 * reports `ALL_OR_NONE_OPERATION_ROLLED_BACK`. A row that updated or deleted a record the client
 * named keeps that id; a row whose record was created and then rolled back has none.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
export function rolledBack(outcomes: RowOutcome[], upsert: boolean): CollectionResult[] {
  return outcomes.map(({ result, id, createdHere }) => {
    if (!result.success) return result;
    const rolled = failure({ ...ROLLED_BACK }, upsert);
    return id !== undefined && !createdHere ? { id, ...rolled } : rolled;
  });
}
