import type { FastifyReply } from 'fastify';
import type { IngestJob } from './bulk-job.ts';
import { csvStream } from './csv-output.ts';
import { uploadHeader } from './csv-upload.ts';

/** Which of an ingest job's result files. */
export type IngestResultKind = 'successfulResults' | 'failedResults' | 'unprocessedrecords';

function sendCsv(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.code(200).header('content-type', 'text/csv').send(body);
}

/**
 * Sends one result file of an ingest job, streamed: `successfulResults` (`"sf__Id","sf__Created"`
 * then the uploaded columns), `failedResults` (`"sf__Id","sf__Error"` then the uploaded columns),
 * or `unprocessedrecords` (the uploaded rows no step reached, e.g. after an abort or a job
 * failure). Rows keep upload order; Salesforce does not promise any order.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_unprocessed_results.htm
 */
export function sendIngestResults(
  reply: FastifyReply,
  job: IngestJob,
  kind: IngestResultKind,
): FastifyReply {
  const header = uploadHeader(job);
  const rows = job.rows ?? [];
  if (kind === 'unprocessedrecords') {
    // Data never parsed (job still open, aborted before processing, or unparseable) comes back as uploaded.
    if (job.rows === null) return sendCsv(reply, job.upload ?? '');
    const start = job.outcomes.length;
    return sendCsv(
      reply,
      csvStream(job, header, rows.length - start, (from, to) =>
        rows.slice(start + from, start + to),
      ),
    );
  }
  const wanted = kind === 'successfulResults';
  const indexes: number[] = [];
  job.outcomes.forEach((outcome, index) => {
    if (outcome.ok === wanted) indexes.push(index);
  });
  const columns = wanted
    ? ['sf__Id', 'sf__Created', ...header]
    : ['sf__Id', 'sf__Error', ...header];
  return sendCsv(
    reply,
    csvStream(job, columns, indexes.length, function* (from, to) {
      for (const index of indexes.slice(from, to)) {
        const outcome = job.outcomes[index]!;
        const detail = outcome.ok ? String(outcome.created) : outcome.error;
        yield [outcome.id, detail, ...(rows[index] ?? [])];
      }
    }),
  );
}
