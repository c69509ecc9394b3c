import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { registerIngestJobRoutes } from './ingest-job-routes.ts';
import { registerQueryJobRoutes } from './query-job-routes.ts';

/**
 * Bulk API 2.0 on every instance host: ingest jobs (`/jobs/ingest`) and query jobs
 * (`/jobs/query`), CSV in and out, processed asynchronously.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 */
export function registerBulkRoutes(app: FastifyInstance, emulator: Emulator): void {
  registerIngestJobRoutes(app, emulator);
  registerQueryJobRoutes(app, emulator);
}
