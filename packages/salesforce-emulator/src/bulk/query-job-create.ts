import type { ApiContext } from '../http/api-route.ts';
import { planQuery } from '../soql/plan-query.ts';
import type { QueryJob, QueryOperation } from './bulk-job.ts';
import { invalidEntity, invalidJob } from './bulk-errors.ts';
import { checkBulkQuery } from './bulk-query-rules.ts';
import { csvOptions, enumValue } from './job-request.ts';
import { checkQueryJobAllowance, countQueryJob } from './query-job-limit.ts';

/**
 * Validates a create-query-job request and builds the job (state `UploadComplete`). The SOQL is
 * planned now, as Salesforce validates it at creation: a bad query fails the request with the
 * SOQL engine's 400 (`MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`), SOQL that Bulk queries
 * cannot run with `API_ERROR`, an object Bulk API does not support with `INVALIDENTITY`, and the
 * 24-hour allowance with `LIMIT_EXCEEDED`. The plan fixes which records the job returns.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
 */
export function buildQueryJob(ctx: ApiContext, body: Record<string, unknown>): QueryJob {
  if (body.operation === undefined || body.operation === null) {
    throw invalidJob('Must provide an operation for the job');
  }
  const operation = enumValue<QueryOperation>(
    body,
    'operation',
    'OperationEnum',
    ['query', 'queryAll'],
    'query',
  );
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw invalidJob('Must provide a query for the job');
  }
  const { lineEnding, columnDelimiter } = csvOptions(body);
  checkQueryJobAllowance(ctx.emulator, ctx.org);
  checkBulkQuery(body.query);
  const started = performance.now();
  const plan = planQuery(ctx.emulator, { org: ctx.org, access: ctx.access }, body.query, {
    includeDeleted: operation === 'queryAll',
  });
  if (!plan.object.bulkSupported) {
    throw invalidEntity(`${plan.object.name} is not supported by the Bulk API`);
  }
  countQueryJob(ctx.emulator, ctx.org);
  const now = ctx.emulator.clock.now();
  return {
    kind: 'query',
    id: ctx.emulator.ids.next('750'),
    orgId: ctx.org.id,
    object: plan.object.name,
    operation,
    query: body.query,
    plan,
    createdById: ctx.user.Id,
    createdAt: now,
    modifiedAt: now,
    state: 'UploadComplete',
    apiVersion: ctx.version,
    lineEnding,
    columnDelimiter,
    numberRecordsProcessed: 0,
    totalProcessingTime: Math.round(performance.now() - started),
    errorMessage: null,
  };
}
