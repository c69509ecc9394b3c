/**
 * Worker thread of {@link decodeCsvPages}: parses Bulk API CSV pages and turns their rows into
 * stored form (typed, JSON), so that on a large load the main thread only commits. Messages in:
 * `page` (a new results page: a new header row), `chunk` (bytes of it), `end` (the page is
 * complete). Messages out: `batch`, `ack` (bytes consumed, for flow control), `done`, `error`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parse, type Parser } from 'csv-parse';
import { addRecord, emptyBatch, typedRow, type PulledBatch } from './pulled-batch.ts';

const port = parentPort!;
const { types, batchSize } = workerData as { types: Array<[string, string]>; batchSize: number };
const typeMap = new Map(types);

let parser: Parser | null = null;
let columns: string[] | null = null;
let batch: PulledBatch = emptyBatch();

function flush(): void {
  if (batch.ids.length === 0) return;
  port.postMessage({ type: 'batch', batch });
  batch = emptyBatch();
}

function fail(error: unknown): void {
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : 'error' });
}

function openPage(): Parser {
  columns = null;
  const page = parse({ bom: true, relax_column_count: false });
  page.on('data', (values: string[]) => {
    if (columns === null) {
      columns = values;
      return;
    }
    try {
      addRecord(batch, typedRow(columns, values, typeMap));
    } catch (error) {
      fail(error);
      return;
    }
    if (batch.ids.length >= batchSize) flush();
  });
  page.on('error', fail);
  page.on('end', () => {
    flush();
    port.postMessage({ type: 'done' });
  });
  return page;
}

port.on(
  'message',
  (message: { type: 'page' } | { type: 'chunk'; data: Uint8Array } | { type: 'end' }) => {
    if (message.type === 'page') parser = openPage();
    else if (message.type === 'chunk') {
      const bytes = message.data.byteLength;
      parser!.write(message.data, () => port.postMessage({ type: 'ack', bytes }));
    } else parser!.end();
  },
);
