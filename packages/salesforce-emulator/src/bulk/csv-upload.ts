import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { COLUMN_DELIMITERS, type IngestJob } from './bulk-job.ts';
import { JobFailure } from './bulk-errors.ts';

/** Characters fed to the parser at a time, so parsing a 100 MB upload yields between slices. */
const SLICE_CHARS = 1 << 20;

/** The most raw CSV one upload may carry: 150 MB once Salesforce base64-encodes it. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

function parserOptions(job: IngestJob) {
  return {
    delimiter: COLUMN_DELIMITERS[job.columnDelimiter],
    bom: true,
    skip_empty_lines: true,
  };
}

/**
 * Salesforce refuses data whose line ending differs from the job's `lineEnding`; the header
 * line's ending is what it sees first.
 */
function checkLineEnding(job: IngestJob, text: string): void {
  const newline = text.indexOf('\n');
  if (newline < 0) return;
  const crlf = newline > 0 && text[newline - 1] === '\r';
  if (crlf !== (job.lineEnding === 'CRLF')) {
    throw new JobFailure(
      `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`,
    );
  }
}

function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += SLICE_CHARS) yield text.slice(at, at + SLICE_CHARS);
}

/**
 * Parses a job's upload into its header and rows, yielding to the event loop as it goes.
 * Fails with a {@link JobFailure} for no data, a wrong line ending or malformed CSV.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm
 */
export async function parseUpload(job: IngestJob): Promise<{ header: string[]; rows: string[][] }> {
  const text = job.upload ?? '';
  if (text.trim() === '') {
    throw new JobFailure('InvalidBatch : Unable to find any data to create batch');
  }
  checkLineEnding(job, text);
  const records: string[][] = [];
  try {
    const parser = Readable.from(slices(text), { objectMode: false }).pipe(
      parse(parserOptions(job)),
    );
    for await (const record of parser) records.push(record as string[]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new JobFailure(`InvalidBatch : Failed to parse CSV : ${detail}`);
  }
  const header = records.shift();
  if (!header || header.every((name) => name.trim() === '')) {
    throw new JobFailure('InvalidBatch : Unable to find any data to create batch');
  }
  return { header, rows: records };
}

/** The header of a job's data: parsed if processing got that far, else read from the upload. */
export function uploadHeader(job: IngestJob): string[] {
  if (job.header) return job.header;
  if (!job.upload) return [];
  try {
    const [header] = parseSync(job.upload, { ...parserOptions(job), to_line: 1 });
    return header ?? [];
  } catch {
    return [];
  }
}
