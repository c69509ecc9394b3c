import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../http/api-route.ts';
import { SalesforceError } from '../salesforce-error.ts';
import type { JobState, QueryJob } from './bulk-job.ts';
import { csvStream } from './csv-output.ts';
import { decodeLocator, encodeLocator } from './locator.ts';

/**
 * Rows per results page when the request sets no `maxRecords`. Salesforce sizes default pages
 * by bytes; a fixed row count is the emulator's simplification.
 */
export const DEFAULT_PAGE_ROWS = 50_000;

/** `JobComplete` → `JOB_COMPLETE`, as the JOB_NOT_COMPLETE message names states. */
function statusName(state: JobState): string {
  return state.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function pageSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_ROWS;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new SalesforceError(400, 'INVALIDMAXRECORDS', `Invalid value for maxRecords: ${raw}`);
  }
  return Number(raw);
}

/**
 * Sends one page of a completed query job's results as CSV, streamed in chunks so a page of a
 * million rows never exists as one string. Headers: `Sforce-NumberOfRecords` (rows in the page)
 * and `Sforce-Locator` (the next page, or the literal string `null` after the last page, which
 * is what jsforce loops on). Fails with 409 when the request's API version is not the job's,
 * 412 `JOB_NOT_COMPLETE` before `JobComplete` (the status in Salesforce's documented example),
 * and 400 for a locator or maxRecords the emulator did not issue or cannot read.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
export function sendQueryResults(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ApiContext,
  job: QueryJob,
): FastifyReply {
  if (ctx.version !== job.apiVersion) {
    throw new SalesforceError(
      409,
      'INVALIDJOB',
      `The job was created in API version ${job.apiVersion}; get its results with the same version`,
    );
  }
  if (job.state !== 'JobComplete') {
    throw new SalesforceError(
      412,
      'JOB_NOT_COMPLETE',
      `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${statusName(job.state)}`,
    );
  }
  const query = request.query as { locator?: string; maxRecords?: string };
  const total = job.plan.totalSize;
  const start = query.locator ? decodeLocator(query.locator) : 0;
  if (start === undefined || start > total) {
    throw new SalesforceError(400, 'INVALIDLOCATOR', `Invalid locator: ${query.locator ?? ''}`);
  }
  const end = Math.min(total, start + pageSize(query.maxRecords));
  const body = csvStream(job, job.plan.columns, end - start, (from, to) =>
    job.plan.renderFlatRows(start + from, start + to),
  );
  return reply
    .code(200)
    .header('content-type', 'text/csv')
    .header('sforce-numberofrecords', String(end - start))
    .header('sforce-locator', end < total ? encodeLocator(end) : 'null')
    .send(body);
}
