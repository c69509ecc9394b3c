import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { apiRoute, type ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { SalesforceError, notFound } from '../salesforce-error.ts';
import { stateWord, type IngestJob } from './bulk-job.ts';
import { invalidJob, invalidJobState } from './bulk-errors.ts';
import { MAX_UPLOAD_BYTES } from './csv-upload.ts';
import { buildIngestJob } from './ingest-job-create.ts';
import { startIngestJob } from './ingest-processor.ts';
import { sendIngestResults, type IngestResultKind } from './ingest-results.ts';
import { jobInfo } from './job-info.ts';
import { listJobsPage } from './job-list.ts';
import { jobRequestBody, requestedState } from './job-request.ts';
import { addJob, removeJob, requireJob } from './job-store.ts';
import { isMultipart, multipartParts } from './multipart-body.ts';

/** Bulk API 2.0 ingest exists from API 41.0. */
const FIRST_VERSION = 41;

function ingestJob(request: FastifyRequest, ctx: ApiContext): IngestJob {
  if (Number(ctx.version) < FIRST_VERSION) throw notFound();
  const { jobId } = request.params as { jobId: string };
  return requireJob(ctx.emulator, ctx.org.id, jobId, 'ingest');
}

/** Stores a job's one upload; a second one is refused, as Salesforce does since Winter '22. */
function acceptUpload(ctx: ApiContext, job: IngestJob, csv: string): void {
  if (job.state !== 'Open') {
    throw invalidJobState(`Uploading data to already ${stateWord(job.state)} Job not allowed`);
  }
  if (job.upload !== null) {
    throw invalidJob(
      `Found multiple contents for job: <${job.id.slice(0, 15)}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  if (Buffer.byteLength(csv, 'utf8') > MAX_UPLOAD_BYTES) {
    throw new SalesforceError(
      400,
      'INVALIDBATCH',
      'The upload exceeds the maximum of 100 MB of raw data (150 MB base64-encoded) for a job',
    );
  }
  job.upload = csv;
  job.modifiedAt = ctx.emulator.clock.now();
}

function closeJob(ctx: ApiContext, job: IngestJob): void {
  if (job.state !== 'Open') {
    throw invalidJobState(`Closing already ${stateWord(job.state)} Job not allowed`);
  }
  job.state = 'UploadComplete';
  job.modifiedAt = ctx.emulator.clock.now();
  startIngestJob(ctx.emulator, job);
}

function createJob(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
  if (Number(ctx.version) < FIRST_VERSION) throw notFound();
  if (!isMultipart(request)) {
    const job = buildIngestJob(ctx, jobRequestBody(request.body));
    addJob(ctx.emulator, job);
    return sendJson(request, reply, 200, jobInfo(job, 'created'));
  }
  const parts = multipartParts(request);
  const jobPart = parts.get('job');
  if (jobPart === undefined) throw invalidJob('Missing the job part of the multipart request');
  const job = buildIngestJob(ctx, jobRequestBody(jobPart));
  acceptUpload(ctx, job, parts.get('content') ?? '');
  addJob(ctx.emulator, job);
  closeJob(ctx, job);
  return sendJson(request, reply, 200, jobInfo(job, 'created'));
}

/**
 * Bulk API 2.0 ingest jobs under `/services/data/vXX.X/jobs/ingest`: create (JSON, or multipart
 * with the data), upload once (`PUT …/batches`, `text/csv`, 201), close or abort (`PATCH`),
 * delete, list, job info, and the three result files.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 */
export function registerIngestJobRoutes(app: FastifyInstance, emulator: Emulator): void {
  apiRoute(app, emulator, 'POST', '/jobs/ingest', createJob);

  apiRoute(app, emulator, 'GET', '/jobs/ingest', (request, reply, ctx) => {
    if (Number(ctx.version) < FIRST_VERSION) throw notFound();
    return sendJson(request, reply, 200, listJobsPage(request, ctx, 'ingest'));
  });

  apiRoute(app, emulator, 'GET', '/jobs/ingest/:jobId', (request, reply, ctx) =>
    sendJson(request, reply, 200, jobInfo(ingestJob(request, ctx), 'detail')),
  );

  apiRoute(app, emulator, 'PATCH', '/jobs/ingest/:jobId', (request, reply, ctx) => {
    const job = ingestJob(request, ctx);
    const state = requestedState(request);
    if (state === 'UploadComplete') closeJob(ctx, job);
    else {
      if (job.state !== 'Open' && job.state !== 'UploadComplete' && job.state !== 'InProgress') {
        throw invalidJobState(`Aborting already ${stateWord(job.state)} Job not allowed`);
      }
      job.state = 'Aborted';
      job.modifiedAt = ctx.emulator.clock.now();
    }
    return sendJson(request, reply, 200, jobInfo(job, 'state'));
  });

  apiRoute(app, emulator, 'DELETE', '/jobs/ingest/:jobId', (request, reply, ctx) => {
    const job = ingestJob(request, ctx);
    if (job.state === 'Open' || job.state === 'InProgress') {
      throw invalidJobState(`Deleting ${stateWord(job.state)} Job not allowed`);
    }
    removeJob(ctx.emulator, job);
    return reply.code(204).send();
  });

  apiRoute(app, emulator, 'PUT', '/jobs/ingest/:jobId/batches', (request, reply, ctx) => {
    const job = ingestJob(request, ctx);
    if (!/^text\/csv\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw new SalesforceError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content type not supported.');
    }
    acceptUpload(ctx, job, typeof request.body === 'string' ? request.body : '');
    return reply.code(201).send();
  });

  const results: IngestResultKind[] = ['successfulResults', 'failedResults', 'unprocessedrecords'];
  for (const kind of results) {
    apiRoute(app, emulator, 'GET', `/jobs/ingest/:jobId/${kind}`, (request, reply, ctx) =>
      sendIngestResults(reply, ingestJob(request, ctx), kind),
    );
  }
}
