import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../http/api-route.ts';
import { SalesforceError } from '../salesforce-error.ts';
import type { BulkJob } from './bulk-job.ts';
import { jobInfo } from './job-info.ts';
import { listJobs } from './job-store.ts';
import { decodeLocator, encodeLocator } from './locator.ts';

/** Jobs per page of the job list. */
const PAGE_SIZE = 1000;

interface ListQuery {
  queryLocator?: string;
  jobType?: string;
  concurrencyMode?: string;
  isPkChunkingEnabled?: string;
}

/**
 * One page of the org's jobs of a kind: `{ done, records, nextRecordsUrl }`, with
 * `nextRecordsUrl` null on the last page. `jobType` and `concurrencyMode` filter; every emulated
 * job is `Parallel` and none uses PK chunking.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_all_jobs.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_all_jobs.htm
 */
export function listJobsPage(
  request: FastifyRequest,
  ctx: ApiContext,
  kind: BulkJob['kind'],
): Record<string, unknown> {
  const query = request.query as ListQuery;
  const offset = query.queryLocator ? decodeLocator(query.queryLocator) : 0;
  if (offset === undefined) {
    throw new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  const jobType = kind === 'ingest' ? 'V2Ingest' : 'V2Query';
  const matches =
    (query.jobType === undefined || query.jobType === jobType) &&
    (query.concurrencyMode === undefined || query.concurrencyMode === 'Parallel') &&
    query.isPkChunkingEnabled !== 'true';
  const jobs = matches ? listJobs(ctx.emulator, ctx.org.id, kind) : [];
  const page = jobs.slice(offset, offset + PAGE_SIZE);
  const next = offset + PAGE_SIZE;
  return {
    done: next >= jobs.length,
    records: page.map((job) => jobInfo(job, 'list')),
    nextRecordsUrl:
      next < jobs.length
        ? `${ctx.basePath}/jobs/${kind}?queryLocator=${encodeLocator(next)}`
        : null,
  };
}
