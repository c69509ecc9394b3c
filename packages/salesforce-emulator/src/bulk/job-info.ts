import { formatDateTime, truncateToSecond } from '../clock.ts';
import type { BulkJob, IngestJob } from './bulk-job.ts';

/** Which form of job info a resource answers with. */
export type JobInfoForm = 'created' | 'state' | 'detail' | 'list';

type JsonWithRaw = typeof JSON & { rawJSON(text: string): unknown };

/** `58.0` as a JSON number with its decimal, as Salesforce writes `"apiVersion" : 58.0`. */
function apiVersionNumber(version: string): unknown {
  return (JSON as JsonWithRaw).rawJSON(version);
}

const stamp = (ms: number) => formatDateTime(truncateToSecond(ms));

/** `services/data/v58.0/jobs/ingest/750…/batches`: relative, without a leading slash. */
export function contentUrl(job: IngestJob): string {
  return `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`;
}

/**
 * A job's info in the key order Salesforce sends. `created` answers job creation, `state` a close
 * or abort (the short form), `detail` a GET of the job, `list` one entry of the job list.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
 */
export function jobInfo(job: BulkJob, form: JobInfoForm): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: stamp(job.createdAt),
    systemModstamp: stamp(job.modifiedAt),
    state: job.state,
  };
  if (job.kind === 'ingest' && job.externalIdFieldName !== null) {
    info.externalIdFieldName = job.externalIdFieldName;
  }
  if (job.kind === 'ingest' && job.assignmentRuleId !== null) {
    info.assignmentRuleId = job.assignmentRuleId;
  }
  info.concurrencyMode = 'Parallel';
  info.contentType = 'CSV';
  info.apiVersion = apiVersionNumber(job.apiVersion);
  if (form === 'state') return info;
  if (form !== 'created') info.jobType = job.kind === 'ingest' ? 'V2Ingest' : 'V2Query';
  if (job.kind === 'ingest' && (form === 'created' || form === 'detail')) {
    info.contentUrl = contentUrl(job);
  }
  info.lineEnding = job.lineEnding;
  info.columnDelimiter = job.columnDelimiter;
  if (form !== 'detail') return info;
  info.numberRecordsProcessed = job.numberRecordsProcessed;
  if (job.kind === 'ingest') {
    info.numberRecordsFailed = job.numberRecordsFailed;
    info.retries = 0;
    info.totalProcessingTime = job.totalProcessingTime;
    info.apiActiveProcessingTime = job.apiActiveProcessingTime;
    // No Apex triggers run in the emulator.
    info.apexProcessingTime = 0;
  } else {
    info.retries = 0;
    info.totalProcessingTime = job.totalProcessingTime;
    info.isPkChunkingSupported = true;
  }
  if (job.errorMessage !== null) info.errorMessage = job.errorMessage;
  return info;
}
