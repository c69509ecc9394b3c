import { Readable } from 'node:stream';
import { COLUMN_DELIMITERS, LINE_ENDINGS, type JobBase } from './bulk-job.ts';

/** Rows rendered per chunk of a streamed CSV body. */
const ROWS_PER_CHUNK = 2_000;

function quote(value: string): string {
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/**
 * Writes CSV the way Bulk API 2.0 does: every value quoted (`"Id","Name"`), nulls as `""`,
 * inner quotes doubled, in the job's column delimiter and line ending. Written by hand rather
 * than with csv-stringify: for this one fixed format it is the same output about six times
 * faster, which matters on million-row query results.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
export function csvWriter(job: Pick<JobBase, 'columnDelimiter' | 'lineEnding'>) {
  const delimiter = COLUMN_DELIMITERS[job.columnDelimiter];
  const eol = LINE_ENDINGS[job.lineEnding];
  return (values: readonly string[]): string => values.map(quote).join(delimiter) + eol;
}

/**
 * A CSV body streamed in chunks: the header row, then `count` rows that `render(start, end)`
 * produces on demand, so a large result never exists as one string.
 */
export function csvStream(
  job: Pick<JobBase, 'columnDelimiter' | 'lineEnding'>,
  header: readonly string[],
  count: number,
  render: (start: number, end: number) => Iterable<readonly string[]>,
): Readable {
  const line = csvWriter(job);
  function* chunks(): Generator<string> {
    yield line(header);
    for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
      let text = '';
      for (const row of render(start, Math.min(count, start + ROWS_PER_CHUNK))) text += line(row);
      if (text !== '') yield text;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
