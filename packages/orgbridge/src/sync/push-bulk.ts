import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { OrgClient } from '../connections/org-client.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { Delivery, RecordResult } from './push-delivery.ts';

interface IngestJob {
  id: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  errorMessage?: string;
}

/** Bulk API 2.0 sets a field to null with this value; an empty value leaves it unchanged. */
const BULK_NULL = '#N/A';

/** The column that identifies each row in the results, to match them to writes. */
function keyColumn(delivery: Delivery): string {
  return delivery.call === 'upsert' ? delivery.keyField! : 'Id';
}

function keyOf(delivery: Delivery): string {
  return delivery.call === 'upsert' ? delivery.keyValue! : delivery.row.record_id!;
}

/**
 * Sends many writes of one object and one kind through one Bulk API 2.0 ingest job: the CSV is
 * uploaded, the job closed and polled, and every result row (successful, failed, unprocessed)
 * matched back to its write by Id or by the upsert key, which Salesforce echoes in the results
 * (their order is not guaranteed). Plain creates are never sent this way: they could not be
 * matched, and they are not idempotent (see {@link WRITE_ID_FIELD}).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/walkthrough_upload_data.htm
 */
export async function sendIngestJob(
  client: OrgClient,
  connectionId: string,
  object: string,
  deliveries: Delivery[],
  options: { pollMs: number; onPoll?: () => Promise<void> },
): Promise<RecordResult[]> {
  const first = deliveries[0]!;
  if (first.call === 'create') throw new Error('creates cannot go through Bulk ingest');
  const key = keyColumn(first);
  const columns = [key];
  const seen = new Set(columns.map((c) => c.toLowerCase()));
  for (const d of deliveries)
    for (const name of Object.keys(d.fields))
      if (!seen.has(name.toLowerCase())) {
        seen.add(name.toLowerCase());
        columns.push(name);
      }
  const rows = deliveries.map((d) =>
    columns.map((column) => {
      if (column === key) return keyOf(d);
      const value = d.fields[column];
      if (value === undefined) return '';
      if (value === null) return BULK_NULL;
      return String(value);
    }),
  );
  const csv = stringify([columns, ...rows], { record_delimiter: 'unix' });
  const jobs = '/services/data/{version}/jobs/ingest';
  const job = (
    await client.request<IngestJob>(connectionId, {
      method: 'POST',
      path: jobs,
      body: {
        object,
        operation: first.call,
        ...(first.call === 'upsert' ? { externalIdFieldName: first.keyField } : {}),
        contentType: 'CSV',
        columnDelimiter: 'COMMA',
        lineEnding: 'LF',
      },
    })
  ).body;
  const jobPath = `${jobs}/${encodeURIComponent(job.id)}`;
  await client.request(connectionId, {
    method: 'PUT',
    path: `${jobPath}/batches`,
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });
  let state = (
    await client.request<IngestJob>(connectionId, {
      method: 'PATCH',
      path: jobPath,
      body: { state: 'UploadComplete' },
    })
  ).body;
  while (state.state === 'UploadComplete' || state.state === 'InProgress') {
    await sleep(options.pollMs);
    await options.onPoll?.();
    state = (await client.request<IngestJob>(connectionId, { path: jobPath })).body;
  }
  if (state.state !== 'JobComplete')
    throw new AppError(
      ErrorCode.SALESFORCE_ERROR,
      `Bulk ingest job ended ${state.state}: ${state.errorMessage ?? ''}`.trim(),
      { details: { kind: 'invalid_request' } },
    );
  const byKey = new Map<string, RecordResult>();
  const read = async (kind: string) => {
    const text = (await client.request<string | null>(connectionId, { path: `${jobPath}/${kind}` }))
      .body;
    return text ? parse<Record<string, string>>(text, { columns: true, bom: true }) : [];
  };
  for (const row of await read('successfulResults'))
    byKey.set(row[key] ?? '', {
      success: true,
      id: row.sf__Id || null,
      created: row.sf__Created === 'true',
    });
  for (const row of await read('failedResults'))
    byKey.set(row[key] ?? '', { success: false, errors: [ingestError(row.sf__Error ?? '')] });
  return deliveries.map(
    (d) =>
      byKey.get(keyOf(d)) ?? {
        success: false,
        // Unprocessed (the job stopped before it): sent again later.
        errors: [
          {
            statusCode: 'SERVER_UNAVAILABLE',
            message: 'not processed by the Bulk job',
            fields: [],
          },
        ],
      },
  );
}

/** `sf__Error` is `STATUS_CODE:message:fields --`. */
function ingestError(text: string): { statusCode: string; message: string; fields: string[] } {
  const [statusCode = 'UNKNOWN_EXCEPTION', ...rest] = text.split(':');
  const tail = rest.join(':').replace(/\s*--\s*$/, '');
  const lastColon = tail.lastIndexOf(':');
  const message = lastColon >= 0 ? tail.slice(0, lastColon) : tail;
  const fields =
    lastColon >= 0
      ? tail
          .slice(lastColon + 1)
          .split(',')
          .filter(Boolean)
      : [];
  return { statusCode, message, fields };
}
