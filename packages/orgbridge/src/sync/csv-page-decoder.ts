import { Worker } from 'node:worker_threads';
import type { PulledBatch } from './pulled-batch.ts';

/** Bytes handed to the worker and not yet parsed, at most: memory stays flat on any load. */
const MAX_UNPARSED_BYTES = 4 * 1024 * 1024;
/** The worker's heap: a few MB of CSV and batches in flight, with room for wide records. */
const WORKER_HEAP_MB = 64;
/**
 * V8 would grow the worker's young generation toward 2 x 64 MB under the parser's allocation
 * rate and keep it (measured: 40 MB more at the peak of a 1M-record pull); 16 MB in all costs no
 * measurable parse rate, since the worker is never the slower side of the hand-off.
 */
const WORKER_YOUNG_MB = 16;
/** Parsed batches waiting for the commit, at most. */
const MAX_READY_BATCHES = 4;

type WorkerMessage =
  | { type: 'batch'; batch: PulledBatch }
  | { type: 'ack'; bytes: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

/**
 * Decodes Bulk API CSV results pages in a worker thread. On a large first load the main thread
 * would otherwise parse, type and serialize every row between commits, and SQLite's commits
 * are synchronous, so nothing overlapped: the worker parses the next rows while the main thread
 * commits the last ones (measured in `npm run bench`). Flow control is bounded both ways, so
 * memory does not grow with the load, and a page's bytes stay in the socket while both are full.
 */
export class CsvPageDecoder {
  readonly #worker: Worker;
  #listener: ((message: WorkerMessage) => void) | null = null;
  #failure: Error | null = null;
  #closing = false;

  constructor(types: Map<string, string>, batchSize: number) {
    this.#worker = new Worker(new URL('./bulk-csv-worker.ts', import.meta.url), {
      workerData: { types: [...types], batchSize },
      // The worker holds a few MB of CSV and a few batches; a small heap makes V8 collect
      // early instead of growing toward the process's limit.
      resourceLimits: {
        maxOldGenerationSizeMb: WORKER_HEAP_MB,
        maxYoungGenerationSizeMb: WORKER_YOUNG_MB,
      },
    });
    this.#worker.on('message', (message: WorkerMessage) => this.#listener?.(message));
    this.#worker.on('error', (error: Error) => {
      this.#failure = error;
      this.#listener?.({ type: 'error', message: error.message });
    });
    // A worker that exits on its own (out of memory, say) must fail the page, not hang it.
    this.#worker.on('exit', () => {
      if (this.#closing) return;
      this.#failure ??= new Error('the CSV worker exited');
      this.#listener?.({ type: 'error', message: this.#failure.message });
    });
  }

  /** The records of one results page, in batches, as the body streams in. */
  async *page(body: ReadableStream<Uint8Array>): AsyncGenerator<PulledBatch> {
    if (this.#failure) throw this.#failure;
    const ready: PulledBatch[] = [];
    const changes = new Changes();
    let unparsed = 0;
    let done = false;
    // Set from callbacks; an object so the checks below are not narrowed away.
    const failed: { error: Error | null } = { error: null };
    this.#listener = (message) => {
      if (message.type === 'batch') ready.push(message.batch);
      else if (message.type === 'ack') unparsed -= message.bytes;
      else if (message.type === 'done') done = true;
      else failed.error = new Error(`Bulk results could not be read: ${message.message}`);
      changes.notify();
    };
    this.#worker.postMessage({ type: 'page' });
    const reader = body.getReader();
    let stopped = false;
    const pump = async () => {
      for (;;) {
        while (unparsed > MAX_UNPARSED_BYTES || ready.length >= MAX_READY_BATCHES) {
          if (stopped || failed.error) return;
          await changes.next();
        }
        if (stopped || failed.error) return;
        const { value, done: ended } = await reader.read();
        if (ended) break;
        unparsed += value.byteLength;
        this.#worker.postMessage({ type: 'chunk', data: value });
      }
      this.#worker.postMessage({ type: 'end' });
    };
    pump().catch((error: unknown) => {
      failed.error = error instanceof Error ? error : new Error(String(error));
      changes.notify();
    });
    try {
      for (;;) {
        if (failed.error) throw failed.error;
        const next = ready.shift();
        if (next) {
          changes.notify();
          yield next;
        } else if (done) return;
        else await changes.next();
      }
    } finally {
      stopped = true;
      this.#listener = null;
      changes.notify();
      if (!done) await reader.cancel().catch(() => undefined);
    }
  }

  /** The thread, for tests that make it fail underneath a page. */
  get thread(): Worker {
    return this.#worker;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#worker.terminate();
  }
}

/** Wakes everyone waiting for the state of a page to change. */
class Changes {
  #waiting: Array<() => void> = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  notify(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }
}
