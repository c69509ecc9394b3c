import { findField, findObject } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import { computeAccess, objectAccess } from '../security/access.ts';
import type { IngestJob } from './bulk-job.ts';
import { JobFailure } from './bulk-errors.ts';
import { parseUpload } from './csv-upload.ts';
import { resolveColumns } from './ingest-columns.ts';
import { processRow, type RowContext } from './ingest-row.ts';
import { bulkProcessing, jobExists, schedule } from './job-store.ts';

/** A step also ends after this long, so slow rows (many fields, many indexes) never stall the server. */
const STEP_BUDGET_MS = 50;

function fail(emulator: Emulator, job: IngestJob, message: string): void {
  job.state = 'Failed';
  job.errorMessage = message;
  job.modifiedAt = emulator.clock.now();
}

/** Whether processing should go on: the job was neither aborted nor deleted meanwhile. */
function stillRunning(emulator: Emulator, job: IngestJob): boolean {
  return job.state === 'InProgress' && jobExists(emulator, job);
}

function rowContext(emulator: Emulator, job: IngestJob, header: string[]): RowContext {
  const org = emulator.orgs.get(job.orgId);
  const def = org ? findObject(org, job.object) : undefined;
  if (!org || !def) throw new JobFailure(`InvalidJob : Unable to find object: ${job.object}`);
  const columns = resolveColumns(org, def, job.operation, header);
  return {
    data: emulator.data,
    org,
    def,
    operation: job.operation,
    columns,
    externalIdField:
      job.operation === 'upsert' && job.externalIdFieldName !== null
        ? (findField(def, job.externalIdFieldName) ?? null)
        : null,
    access: objectAccess(computeAccess(org, job.createdById), def),
    actorId: job.createdById,
  };
}

/** Processes one chunk of rows, then schedules the next or completes the job. */
function processChunk(emulator: Emulator, job: IngestJob, ctx: RowContext): void {
  if (!stillRunning(emulator, job)) return;
  const started = performance.now();
  const rows = job.rows ?? [];
  const end = Math.min(rows.length, job.outcomes.length + bulkProcessing(emulator).chunkSize);
  for (let i = job.outcomes.length; i < end; i++) {
    const outcome = processRow(ctx, rows[i]!);
    job.outcomes.push(outcome);
    if (!outcome.ok) job.numberRecordsFailed += 1;
    if (i % 256 === 255 && performance.now() - started > STEP_BUDGET_MS) break;
  }
  job.numberRecordsProcessed = job.outcomes.length;
  job.apiActiveProcessingTime += Math.round(performance.now() - started);
  job.modifiedAt = emulator.clock.now();
  if (job.outcomes.length < rows.length) {
    schedule(emulator, () => processChunk(emulator, job, ctx));
    return;
  }
  job.state = 'JobComplete';
  job.totalProcessingTime = job.apiActiveProcessingTime;
}

async function beginProcessing(emulator: Emulator, job: IngestJob): Promise<void> {
  if (job.state !== 'UploadComplete' || !jobExists(emulator, job)) return;
  job.state = 'InProgress';
  job.modifiedAt = emulator.clock.now();
  const started = performance.now();
  try {
    const { header, rows } = await parseUpload(job);
    job.header = header;
    job.rows = rows;
    job.upload = null;
    const ctx = rowContext(emulator, job, header);
    job.apiActiveProcessingTime += Math.round(performance.now() - started);
    schedule(emulator, () => processChunk(emulator, job, ctx));
  } catch (error) {
    if (!(error instanceof JobFailure)) throw error;
    if (stillRunning(emulator, job)) fail(emulator, job, error.message);
  }
}

/**
 * Starts processing a job whose upload is complete: on later ticks it goes InProgress, parses
 * the CSV, then applies rows in steps (at most 10,000 rows or about 50 ms each) so the server
 * keeps answering, and ends JobComplete (rows may still have failed) or Failed with `errorMessage`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_job_states.htm
 */
export function startIngestJob(emulator: Emulator, job: IngestJob): void {
  schedule(emulator, () => {
    beginProcessing(emulator, job).catch((error: unknown) => {
      process.stderr.write(
        `salesforce-emulator: bulk job ${job.id} failed unexpectedly: ${String((error as Error).stack ?? error)}\n`,
      );
      fail(emulator, job, 'UnknownException : An unexpected error occurred.');
    });
  });
}
