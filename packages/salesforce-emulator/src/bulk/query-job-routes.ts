import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { apiRoute, type ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { notFound } from '../salesforce-error.ts';
import { stateWord, type QueryJob } from './bulk-job.ts';
import { invalidJobState } from './bulk-errors.ts';
import { jobInfo } from './job-info.ts';
import { listJobsPage } from './job-list.ts';
import { jobRequestBody, requestedState } from './job-request.ts';
import { addJob, removeJob, requireJob } from './job-store.ts';
import { buildQueryJob } from './query-job-create.ts';
import { startQueryJob } from './query-processor.ts';
import { sendQueryResults } from './query-results.ts';

/** Bulk API 2.0 query jobs exist from API 47.0. */
const FIRST_VERSION = 47;

function checkVersion(ctx: ApiContext): void {
  if (Number(ctx.version) < FIRST_VERSION) throw notFound();
}

function queryJob(request: FastifyRequest, ctx: ApiContext): QueryJob {
  checkVersion(ctx);
  const { jobId } = request.params as { jobId: string };
  return requireJob(ctx.emulator, ctx.org.id, jobId, 'query');
}

/**
 * Bulk API 2.0 query jobs under `/services/data/vXX.X/jobs/query`: create, list, job info,
 * abort (`PATCH {"state":"Aborted"}`), delete, and paged CSV results.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
export function registerQueryJobRoutes(app: FastifyInstance, emulator: Emulator): void {
  apiRoute(app, emulator, 'POST', '/jobs/query', (request, reply, ctx) => {
    checkVersion(ctx);
    const job = buildQueryJob(ctx, jobRequestBody(request.body));
    addJob(ctx.emulator, job);
    startQueryJob(ctx.emulator, job);
    return sendJson(request, reply, 200, jobInfo(job, 'created'));
  });

  apiRoute(app, emulator, 'GET', '/jobs/query', (request, reply, ctx) => {
    checkVersion(ctx);
    return sendJson(request, reply, 200, listJobsPage(request, ctx, 'query'));
  });

  apiRoute(app, emulator, 'GET', '/jobs/query/:jobId', (request, reply, ctx) =>
    sendJson(request, reply, 200, jobInfo(queryJob(request, ctx), 'detail')),
  );

  apiRoute(app, emulator, 'PATCH', '/jobs/query/:jobId', (request, reply, ctx) => {
    const job = queryJob(request, ctx);
    const state = requestedState(request);
    if (state !== 'Aborted') throw invalidJobState(`Invalid state: ${state}`);
    if (job.state !== 'UploadComplete' && job.state !== 'InProgress') {
      throw invalidJobState(`Aborting already ${stateWord(job.state)} Job not allowed`);
    }
    job.state = 'Aborted';
    job.modifiedAt = ctx.emulator.clock.now();
    return sendJson(request, reply, 200, jobInfo(job, 'state'));
  });

  apiRoute(app, emulator, 'DELETE', '/jobs/query/:jobId', (request, reply, ctx) => {
    const job = queryJob(request, ctx);
    if (job.state === 'UploadComplete' || job.state === 'InProgress') {
      throw invalidJobState(`Deleting ${stateWord(job.state)} Job not allowed`);
    }
    removeJob(ctx.emulator, job);
    return reply.code(204).send();
  });

  apiRoute(app, emulator, 'GET', '/jobs/query/:jobId/results', (request, reply, ctx) =>
    sendQueryResults(request, reply, ctx, queryJob(request, ctx)),
  );
}
