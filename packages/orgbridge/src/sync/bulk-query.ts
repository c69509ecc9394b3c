import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode } from '../errors.ts';
import type { OrgClient } from '../connections/org-client.ts';
import { CsvPageDecoder } from './csv-page-decoder.ts';
import type { PulledBatch } from './pulled-batch.ts';

/** A Bulk API 2.0 query job as Salesforce describes it. */
interface JobInfo {
  id: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  createdDate: string;
  errorMessage?: string;
}

/** The job could not give results (Failed, Aborted, or refused): the caller falls back to REST. */
export class BulkUnavailable extends AppError {
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.SALESFORCE_ERROR, message, { details: { kind: 'invalid_request' }, cause });
  }
}

export interface BulkQueryOptions {
  /** Records per results request (Salesforce: up to what fits 1 GB; default 50,000). */
  maxRecords?: number;
  /** Records handed to the caller at once (each batch typed from describe, see `typedRow`). */
  batchSize?: number;
  pollMs?: number;
  /** Called once the job exists, with Salesforce's creation time (ISO), before any result. */
  onCreated?: (createdDate: string) => void;
  /** Called on every status poll while the job runs. */
  onPoll?: () => Promise<void>;
}

/**
 * Runs a Bulk API 2.0 `queryAll` job (deleted records included) and yields its records in
 * batches, streaming each results page through a CSV parser in a worker thread: memory stays
 * flat whatever the size. Pages follow `Sforce-Locator` until Salesforce answers the literal `null`. The job is
 * deleted at the end. Throws {@link BulkUnavailable} when the job fails or Bulk refuses the
 * object; other failures (session, limits, outages) as the REST API's.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
export async function* bulkQueryAll(
  client: OrgClient,
  connectionId: string,
  soql: string,
  types: Map<string, string>,
  options: BulkQueryOptions = {},
): AsyncGenerator<PulledBatch> {
  const { maxRecords = 50_000, batchSize = 2000, pollMs = 500 } = options;
  let job: JobInfo;
  try {
    job = (
      await client.request<JobInfo>(connectionId, {
        method: 'POST',
        path: '/services/data/{version}/jobs/query',
        body: { operation: 'queryAll', query: soql },
      })
    ).body;
  } catch (error) {
    if (error instanceof AppError && error.details.kind === 'invalid_request')
      throw new BulkUnavailable('Bulk API refused the query', error);
    throw error;
  }
  let decoder: CsvPageDecoder | null = null;
  const jobPath = `/services/data/{version}/jobs/query/${encodeURIComponent(job.id)}`;
  try {
    while (job.state === 'UploadComplete' || job.state === 'InProgress') {
      await sleep(pollMs);
      await options.onPoll?.();
      job = (await client.request<JobInfo>(connectionId, { path: jobPath })).body;
    }
    if (job.state !== 'JobComplete')
      throw new BulkUnavailable(
        `Bulk query job ended ${job.state}: ${job.errorMessage ?? ''}`.trim(),
      );
    options.onCreated?.(job.createdDate);
    let locator: string | null = null;
    do {
      const query = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) query.set('locator', locator);
      const response = await client.stream(connectionId, {
        path: `${jobPath}/results?${query.toString()}`,
      });
      locator = response.headers.get('sforce-locator');
      if (!response.body) break;
      decoder ??= new CsvPageDecoder(types, batchSize);
      yield* decoder.page(response.body);
    } while (locator !== null && locator !== 'null' && locator !== '');
  } finally {
    await decoder?.close();
    await client.request(connectionId, { method: 'DELETE', path: jobPath }).catch(() => undefined);
  }
}
