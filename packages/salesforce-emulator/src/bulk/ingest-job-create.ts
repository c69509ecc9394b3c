import { findField, findObject, tableFor } from '../data/record-operations.ts';
import type { ApiContext } from '../http/api-route.ts';
import type { IngestJob, IngestOperation } from './bulk-job.ts';
import { invalidEntity, invalidJob } from './bulk-errors.ts';
import { isLookupField } from './ingest-columns.ts';
import { csvOptions, enumValue } from './job-request.ts';

const OPERATIONS: IngestOperation[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];

/** The upsert key: an external id, `Id`, or another indexed lookup field of the object. */
function externalIdField(ctx: ApiContext, objectName: string, requested: unknown): string {
  const def = findObject(ctx.org, objectName)!;
  if (typeof requested !== 'string' || requested.trim() === '') {
    throw invalidJob(
      `External ID was blank for ${def.name}. An External ID must be specified for upsert.`,
    );
  }
  const field = findField(def, requested.trim());
  const indexed =
    field !== undefined &&
    (field.name === 'Id' || tableFor(ctx.org, def).uniqueIndexes.has(field.name.toLowerCase()));
  if (!field || !isLookupField(field) || !indexed) {
    throw invalidJob(
      `Field name provided, ${requested} does not match an External ID, Salesforce Id, or indexed field for ${def.name}`,
    );
  }
  return field.name;
}

/**
 * Validates a create-ingest-job request and builds the job (state `Open`). Fails with 400:
 * `INVALIDJOB` for a missing object or operation, an unknown object or a bad upsert key, or a
 * hard delete without the "Bulk API Hard Delete" permission; `INVALIDENTITY` for objects Bulk API
 * does not support; `JSON_PARSER_ERROR` for values outside an enum.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
 */
export function buildIngestJob(ctx: ApiContext, body: Record<string, unknown>): IngestJob {
  if (body.operation === undefined || body.operation === null) {
    throw invalidJob('Must provide an operation for the job');
  }
  const operation = enumValue(body, 'operation', 'OperationEnum', OPERATIONS, 'insert');
  if (typeof body.object !== 'string' || body.object.trim() === '') {
    throw invalidJob('Must provide an object for the job');
  }
  const def = findObject(ctx.org, body.object.trim());
  if (!def) throw invalidJob(`Unable to find object: ${body.object}`);
  if (!def.bulkSupported) throw invalidEntity(`${def.name} is not supported by the Bulk API`);
  const externalIdFieldName =
    operation === 'upsert' ? externalIdField(ctx, def.name, body.externalIdFieldName) : null;
  if (operation === 'hardDelete' && !ctx.access.permissions.has('BulkApiHardDelete')) {
    throw invalidJob(
      'hardDelete operation requires special user profile permission, please contact your system administrator',
    );
  }
  const { lineEnding, columnDelimiter } = csvOptions(body);
  const now = ctx.emulator.clock.now();
  return {
    kind: 'ingest',
    id: ctx.emulator.ids.next('750'),
    orgId: ctx.org.id,
    object: def.name,
    operation,
    externalIdFieldName,
    assignmentRuleId: typeof body.assignmentRuleId === 'string' ? body.assignmentRuleId : null,
    createdById: ctx.user.Id,
    createdAt: now,
    modifiedAt: now,
    state: 'Open',
    apiVersion: ctx.version,
    lineEnding,
    columnDelimiter,
    numberRecordsProcessed: 0,
    numberRecordsFailed: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    errorMessage: null,
    upload: null,
    header: null,
    rows: null,
    outcomes: [],
  };
}
