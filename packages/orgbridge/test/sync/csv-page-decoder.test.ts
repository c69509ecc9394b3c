import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { CsvPageDecoder } from '../../src/sync/csv-page-decoder.ts';

const TYPES = new Map([
  ['Id', 'id'],
  ['Name', 'string'],
  ['NumberOfEmployees', 'int'],
  ['IsDeleted', 'boolean'],
  ['SystemModstamp', 'datetime'],
]);
const HEADER = '"Id","Name","NumberOfEmployees","IsDeleted","SystemModstamp"\n';

function row(i: number): string {
  const id = `001${String(i).padStart(15, '0')}`;
  return `"${id}","Acme, ""${i}""","${i % 7 === 0 ? '' : i}","${i % 5 === 0}","2026-11-23T10:00:00.000+0000"\n`;
}

/** A body of `rows` records in chunks of `chunkSize` bytes; counts the bytes handed out. */
function body(rows: number, chunkSize = 1000) {
  const state = { pulled: 0, cancelled: false };
  let text = HEADER;
  let next = 0;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        while (text.length < chunkSize && next < rows) text += row(next++);
        if (text.length === 0) return controller.close();
        const chunk = encoder.encode(text.slice(0, chunkSize));
        text = text.slice(chunkSize);
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

test('pages decode in order, typed from describe, in batches, across pages', async () => {
  const decoder = new CsvPageDecoder(TYPES, 300);
  try {
    const seen: string[] = [];
    for (const size of [1000, 1]) {
      for await (const batch of decoder.page(body(size, 777).stream)) {
        assert.ok(batch.ids.length <= 300);
        seen.push(...batch.ids);
        const i = Number(batch.ids[0]!.slice(3));
        const first = JSON.parse(batch.data[0]!) as Record<string, unknown>;
        assert.equal(first.Name, `Acme, "${i}"`);
        assert.equal(first.NumberOfEmployees, i % 7 === 0 ? null : i);
        assert.equal(first.IsDeleted, i % 5 === 0);
        assert.equal(batch.deleted[0], i % 5 === 0 ? 1 : 0);
        assert.equal(batch.modstamps[0], '2026-11-23T10:00:00.000Z');
      }
    }
    assert.equal(seen.length, 1001);
    const expected = [
      ...Array.from({ length: 1000 }, (_, i) => `001${String(i).padStart(15, '0')}`),
      `001${'0'.repeat(15)}`,
    ];
    assert.deepEqual(seen, expected);
  } finally {
    await decoder.close();
  }
});

test('malformed CSV is an error, not a short read', async () => {
  const decoder = new CsvPageDecoder(TYPES, 300);
  try {
    const broken = new Blob([HEADER, row(1), '"001000000000000002","only two"\n']).stream();
    await assert.rejects(async () => {
      for await (const batch of decoder.page(broken)) assert.ok(batch);
    }, /Bulk results could not be read/);
  } finally {
    await decoder.close();
  }
});

test('a slow consumer holds the body back: memory is bounded, whatever the page size', async () => {
  const decoder = new CsvPageDecoder(TYPES, 1000);
  try {
    // About 40 MB of CSV; the decoder may hold a few MB unparsed and a few batches parsed.
    const { stream, state } = body(500_000, 64 * 1024);
    const batches = decoder.page(stream);
    const first = await batches.next();
    assert.equal(first.done, false);
    await sleep(300);
    const heldBack = state.pulled;
    assert.ok(heldBack < 8 * 1024 * 1024, `read ${heldBack} bytes ahead of a stalled consumer`);
    // Leaving early cancels the body.
    await batches.return(undefined);
    assert.equal(state.cancelled, true);
  } finally {
    await decoder.close();
  }
});

test('a worker that dies fails the page instead of hanging it', async () => {
  const decoder = new CsvPageDecoder(TYPES, 1000);
  try {
    const { stream } = body(500_000, 64 * 1024);
    const batches = decoder.page(stream);
    await batches.next();
    // Not close(): the worker goes away underneath a page in progress.
    await decoder.thread.terminate();
    await assert.rejects(async () => {
      for (;;) if ((await batches.next()).done) break;
    }, /worker exited/);
  } finally {
    await decoder.close();
  }
});
