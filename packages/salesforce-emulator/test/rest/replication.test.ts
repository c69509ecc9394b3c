import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime } from '../../src/clock.ts';
import {
  deleteRecord,
  insertRecord,
  tableFor,
  updateRecord,
} from '../../src/data/record-operations.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** ISO text for a moment, URL-encoded as clients send it. */
const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString().replace('Z', '+00:00'));
const minute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

function setup() {
  const seeded = seedBasicOrg(running);
  const client = queryClient(running, seeded.org, seeded.admin.id);
  const now = emulator.clock.now();
  const at = (ms: number, name: string) =>
    insertRecord(
      emulator.data,
      seeded.org,
      'Account',
      { Name: name },
      {
        actorId: seeded.admin.id,
        at: ms,
      },
    );
  return { ...seeded, client, now, at };
}

test('updated lists records whose SystemModstamp falls in the window', async () => {
  const { client, now, at, org, admin } = setup();
  const old = at(now - 5 * DAY, 'old');
  const inside = at(now - 2 * DAY, 'inside');
  const touched = at(now - 10 * DAY, 'touched');
  updateRecord(
    emulator.data,
    org,
    'Account',
    touched.Id,
    { Name: 'touched again' },
    {
      actorId: admin.id,
      at: now - DAY,
    },
  );
  const res = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - 3 * DAY)}&end=${iso(now - HOUR)}`,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, {
    ids: [inside.Id, touched.Id].sort(),
    latestDateCovered: formatDateTime(minute(now - HOUR)),
  });
  assert.ok(!res.body.ids.includes(old.Id));
});

test('updated answers without the trailing slash too, and accepts Z times', async () => {
  const { client, now, at } = setup();
  const r = at(now - DAY, 'r');
  const start = new Date(now - 2 * DAY).toISOString();
  const end = new Date(now).toISOString();
  const res = await client.get(`/sobjects/account/updated?start=${start}&end=${end}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.ids, [r.Id]);
});

test('seconds are ignored: latestDateCovered is the end truncated to the minute', async () => {
  const { client, now } = setup();
  const end = minute(now - HOUR) + 42_123;
  const res = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - DAY)}&end=${iso(end)}`,
  );
  assert.equal(res.body.latestDateCovered, formatDateTime(minute(end)));
  assert.match(res.body.latestDateCovered, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000\+0000$/);
});

test('an end in the future is covered only up to now', async () => {
  const { client, now } = setup();
  const res = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - DAY)}&end=${iso(now + DAY)}`,
  );
  assert.equal(res.body.latestDateCovered, formatDateTime(minute(now)));
});

test('deleted lists recycle-bin records with their deletion dates', async () => {
  const { client, now, at, org, admin } = setup();
  const gone = at(now - 3 * DAY, 'gone');
  const kept = at(now - 3 * DAY, 'kept');
  deleteRecord(emulator.data, org, gone.Id, { actorId: admin.id, at: now - 2 * DAY });
  const res = await client.get(
    `/sobjects/Account/deleted/?start=${iso(now - 5 * DAY)}&end=${iso(now)}`,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body), [
    'deletedRecords',
    'earliestDateAvailable',
    'latestDateCovered',
  ]);
  assert.deepEqual(res.body.deletedRecords, [
    { id: gone.Id, deletedDate: formatDateTime(Math.floor((now - 2 * DAY) / 1000) * 1000) },
  ]);
  assert.match(res.body.earliestDateAvailable, /:00\.000\+0000$/);
  assert.equal(res.body.latestDateCovered, formatDateTime(minute(now)));
  const noSlash = await client.get(
    `/sobjects/Account/deleted?start=${iso(now - 5 * DAY)}&end=${iso(now)}`,
  );
  assert.deepEqual(noSlash.body.deletedRecords, res.body.deletedRecords);
  const updated = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - 5 * DAY)}&end=${iso(now)}`,
  );
  assert.deepEqual(updated.body.ids, [kept.Id]);
});

test('deletions older than the 15-day recycle bin are no longer reported', async () => {
  const { org, admin, at, now } = setup();
  const r = at(now - HOUR, 'r');
  deleteRecord(emulator.data, org, r.Id, { actorId: admin.id, at: now - 30 * MINUTE });
  emulator.clock.advance(16 * DAY);
  const later = emulator.clock.now();
  const client = queryClient(running, org, admin.id);
  const res = await client.get(
    `/sobjects/Account/deleted/?start=${iso(later - 20 * DAY)}&end=${iso(later)}`,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.deletedRecords, []);
  assert.equal(res.body.earliestDateAvailable, formatDateTime(minute(later - 15 * DAY)));
});

test('a reversed, empty, unparseable or missing window is INVALID_REPLICATION_DATE', async () => {
  const { client, now } = setup();
  for (const query of [
    `start=${iso(now - HOUR)}&end=${iso(now - 2 * HOUR)}`,
    `start=${iso(minute(now - HOUR) + 5_000)}&end=${iso(minute(now - HOUR) + 35_000)}`,
    `start=yesterday&end=${iso(now)}`,
    `end=${iso(now)}`,
    '',
  ]) {
    for (const kind of ['updated', 'deleted']) {
      const res = await client.get(`/sobjects/Account/${kind}/?${query}`);
      assert.equal(res.status, 400, `${kind} ${query}`);
      assert.equal(res.body[0]!.errorCode, 'INVALID_REPLICATION_DATE');
    }
  }
});

test('a start more than 30 days back is INVALID_REPLICATION_DATE', async () => {
  const { client, now } = setup();
  const res = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - 31 * DAY)}&end=${iso(now)}`,
  );
  assert.equal(res.status, 400);
  assert.equal(res.body[0]!.errorCode, 'INVALID_REPLICATION_DATE');
  const ok = await client.get(
    `/sobjects/Account/updated/?start=${iso(now - 29 * DAY)}&end=${iso(now)}`,
  );
  assert.equal(ok.status, 200);
});

test('a non-replicateable object is INVALID_TYPE and an unknown one NOT_FOUND', async () => {
  const { client, now } = setup();
  const window = `start=${iso(now - DAY)}&end=${iso(now)}`;
  const profile = await client.get(`/sobjects/Profile/updated/?${window}`);
  assert.equal(profile.status, 400);
  assert.equal(profile.body[0]!.errorCode, 'INVALID_TYPE');
  const unknown = await client.get(`/sobjects/Nope__c/deleted/?${window}`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body[0]!.errorCode, 'NOT_FOUND');
});

test('more than 600,000 ids is EXCEEDED_ID_LIMIT', async () => {
  const { client, now, org } = setup();
  // Bare rows straight into the table: the limit is about counting, and 600,001 full inserts
  // would dominate the suite's run time.
  const rows = tableFor(org, org.schema.get('Contact')!).rows;
  const stamp = formatDateTime(now - HOUR);
  for (let i = 0; i <= 600_000; i++) {
    const id = `003FAKE${String(i).padStart(8, '0')}AAA`;
    rows.set(id, { Id: id, SystemModstamp: stamp });
  }
  const res = await client.get(
    `/sobjects/Contact/updated/?start=${iso(now - DAY)}&end=${iso(now)}`,
  );
  assert.equal(res.status, 400);
  assert.equal(res.body[0]!.errorCode, 'EXCEEDED_ID_LIMIT');
  rows.clear();
});
