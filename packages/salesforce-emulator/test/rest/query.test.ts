import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deleteRecord, insertRecord, updateRecord } from '../../src/data/record-operations.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;

function orgWithAccounts(count: number, name = (i: number) => `Account ${i}`) {
  const seeded = seedBasicOrg(running);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      insertRecord(
        emulator.data,
        seeded.org,
        'Account',
        { Name: name(i) },
        { actorId: seeded.admin.id },
      ).Id,
    );
  }
  return { ...seeded, ids, client: queryClient(running, seeded.org, seeded.admin.id) };
}

test('query returns totalSize, done and records with attributes first and fields in SELECT order', async () => {
  const { client, ids } = orgWithAccounts(2);
  const res = await client.query('SELECT Name, Id FROM Account');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json;charset=UTF-8$/);
  assert.deepEqual(Object.keys(res.body), ['totalSize', 'done', 'records']);
  assert.equal(res.body.totalSize, 2);
  assert.equal(res.body.done, true);
  assert.deepEqual(res.body.records[0], {
    attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${ids[0]}` },
    Name: 'Account 0',
    Id: ids[0],
  });
  assert.deepEqual(Object.keys(res.body.records[0]), ['attributes', 'Name', 'Id']);
});

test('paging through 5,000 records with batchSize 500 follows nextRecordsUrl to the end', async () => {
  const { client, ids } = orgWithAccounts(5000);
  const headers = { 'sforce-query-options': 'batchSize=500' };
  let res = await client.query('SELECT Id FROM Account', { headers });
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    assert.equal(res.status, 200);
    pages += 1;
    assert.equal(res.body.totalSize, 5000);
    seen.push(...res.body.records.map((r) => r.Id as string));
    if (res.body.done) {
      assert.equal('nextRecordsUrl' in res.body, false);
      break;
    }
    assert.equal(res.body.records.length, 500);
    assert.match(
      res.body.nextRecordsUrl,
      /^\/services\/data\/v60\.0\/query\/01g[0-9A-Za-z]{15}-\d+$/,
    );
    assert.ok(res.body.nextRecordsUrl.endsWith(`-${seen.length}`));
    assert.deepEqual(Object.keys(res.body), ['totalSize', 'done', 'nextRecordsUrl', 'records']);
    res = await client.get(res.body.nextRecordsUrl, headers);
  }
  assert.equal(pages, 10);
  assert.deepEqual(seen, ids);
});

test('the default page holds 2,000 records', async () => {
  const { client } = orgWithAccounts(2100);
  const first = await client.query('SELECT Id FROM Account');
  assert.equal(first.body.records.length, 2000);
  assert.equal(first.body.done, false);
  assert.match(first.body.nextRecordsUrl, /-2000$/);
  const second = await client.get(first.body.nextRecordsUrl);
  assert.equal(second.body.records.length, 100);
  assert.equal(second.body.done, true);
});

test('batchSize outside 200..2000 is clamped', async () => {
  const { client } = orgWithAccounts(2300);
  const small = await client.query('SELECT Id FROM Account', {
    headers: { 'sforce-query-options': 'batchSize=10' },
  });
  assert.equal(small.body.records.length, 200);
  const large = await client.query('SELECT Id FROM Account', {
    headers: { 'sforce-query-options': 'batchSize=9000' },
  });
  assert.equal(large.body.records.length, 2000);
});

test('every page is one API call in Sforce-Limit-Info', async () => {
  const { client } = orgWithAccounts(450);
  const headers = { 'sforce-query-options': 'batchSize=200' };
  const first = await client.query('SELECT Id FROM Account', { headers });
  const used = (r: { headers: Headers }) =>
    Number(/api-usage=(\d+)\//.exec(r.headers.get('sforce-limit-info') ?? '')?.[1]);
  const second = await client.get(first.body.nextRecordsUrl, headers);
  const third = await client.get(second.body.nextRecordsUrl, headers);
  assert.equal(used(second), used(first) + 1);
  assert.equal(used(third), used(first) + 2);
  assert.equal(third.body.done, true);
});

test('query leaves out deleted records and queryAll returns them with IsDeleted true', async () => {
  const { client, ids, org, admin } = orgWithAccounts(3);
  deleteRecord(emulator.data, org, ids[1]!, { actorId: admin.id });
  const live = await client.query('SELECT Id, IsDeleted FROM Account');
  assert.deepEqual(
    live.body.records.map((r) => r.Id),
    [ids[0], ids[2]],
  );
  const all = await client.query('SELECT Id, IsDeleted FROM Account', { all: true });
  assert.equal(all.body.totalSize, 3);
  assert.deepEqual(
    all.body.records.map((r) => [r.Id, r.IsDeleted]),
    [
      [ids[0], false],
      [ids[1], true],
      [ids[2], false],
    ],
  );
  const onlyDeleted = await client.query('SELECT Id FROM Account WHERE IsDeleted = true', {
    all: true,
  });
  assert.deepEqual(
    onlyDeleted.body.records.map((r) => r.Id),
    [ids[1]],
  );
});

test('queryAll pages through a locator that also says /query/', async () => {
  const { client, ids, org, admin } = orgWithAccounts(250);
  deleteRecord(emulator.data, org, ids[0]!, { actorId: admin.id });
  const first = await client.query('SELECT Id FROM Account', {
    all: true,
    headers: { 'sforce-query-options': 'batchSize=200' },
  });
  assert.equal(first.body.totalSize, 250);
  assert.match(first.body.nextRecordsUrl, /^\/services\/data\/v60\.0\/query\/01g/);
  const rest = await client.get(first.body.nextRecordsUrl);
  assert.equal(rest.body.records.length, 50);
  assert.equal(rest.body.done, true);
});

test('a later page shows the current values of the planned records', async () => {
  const { client, ids, org, admin } = orgWithAccounts(250);
  const first = await client.query('SELECT Id, Name FROM Account', {
    headers: { 'sforce-query-options': 'batchSize=200' },
  });
  updateRecord(
    emulator.data,
    org,
    'Account',
    ids[249]!,
    { Name: 'Renamed' },
    { actorId: admin.id },
  );
  const second = await client.get(first.body.nextRecordsUrl);
  assert.equal(second.body.records.at(-1)!.Name, 'Renamed');
});

test('an unknown locator is INVALID_QUERY_LOCATOR', async () => {
  const { client } = orgWithAccounts(1);
  for (const path of ['/query/01g5e0000000000AAA-2000', '/query/nonsense', '/queryAll/01gXYZ-1']) {
    const res = await client.get(path);
    assert.equal(res.status, 400, path);
    assert.deepEqual(res.body, [
      { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' },
    ]);
  }
});

test('a locator unused for 15 minutes expires; using it keeps it alive', async () => {
  const { client } = orgWithAccounts(700);
  const headers = { 'sforce-query-options': 'batchSize=200' };
  const first = await client.query('SELECT Id FROM Account', { headers });
  emulator.clock.advance(14 * 60_000);
  const second = await client.get(first.body.nextRecordsUrl);
  assert.equal(second.status, 200);
  emulator.clock.advance(14 * 60_000);
  const third = await client.get(second.body.nextRecordsUrl);
  assert.equal(third.status, 200);
  emulator.clock.advance(16 * 60_000);
  const expired = await client.get(third.body.nextRecordsUrl);
  assert.equal(expired.status, 400);
  assert.equal(expired.body[0]!.errorCode, 'INVALID_QUERY_LOCATOR');
});

test('a locator of another org is unknown there', async () => {
  const a = orgWithAccounts(300);
  const b = orgWithAccounts(1);
  const first = await a.client.query('SELECT Id FROM Account', {
    headers: { 'sforce-query-options': 'batchSize=200' },
  });
  const res = await b.client.get(first.body.nextRecordsUrl);
  assert.equal(res.status, 400);
  assert.equal(res.body[0]!.errorCode, 'INVALID_QUERY_LOCATOR');
});

test('a missing or empty q is MALFORMED_QUERY', async () => {
  const { client } = orgWithAccounts(0);
  for (const path of ['/query', '/query?q=', '/queryAll?q=%20']) {
    const res = await client.get(path);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, [
      { message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' },
    ]);
  }
});

test('SELECT COUNT() returns only totalSize', async () => {
  const { client } = orgWithAccounts(2500);
  const res = await client.query('SELECT COUNT() FROM Account');
  assert.deepEqual(res.body, { totalSize: 2500, done: true, records: [] });
  const limited = await client.query(
    "SELECT COUNT() FROM Account WHERE Name LIKE 'Account 1%' LIMIT 5",
  );
  assert.equal(limited.body.totalSize, 5);
});

test('the query resource answers with a trailing slash too', async () => {
  const { client } = orgWithAccounts(1);
  const res = await client.get(`/query/?q=${encodeURIComponent('SELECT Id FROM Account')}`);
  assert.equal(res.status, 200);
  assert.equal(res.body.totalSize, 1);
});

test('LIMIT and OFFSET cut the result before paging', async () => {
  const { client, ids } = orgWithAccounts(30);
  const res = await client.query('SELECT Id FROM Account LIMIT 5 OFFSET 20');
  assert.equal(res.body.totalSize, 5);
  assert.deepEqual(
    res.body.records.map((r) => r.Id),
    ids.slice(20, 25),
  );
});

test('a record deleted after planning is left out of later pages of query', async () => {
  const { client, ids, org, admin } = orgWithAccounts(300);
  const first = await client.query('SELECT Id FROM Account', {
    headers: { 'sforce-query-options': 'batchSize=200' },
  });
  deleteRecord(emulator.data, org, ids[250]!, { actorId: admin.id });
  const second = await client.get(first.body.nextRecordsUrl);
  assert.equal(second.body.records.length, 99);
  assert.ok(!second.body.records.some((r) => r.Id === ids[250]));
});

test('opening an eleventh cursor releases the oldest one of the user', async () => {
  const { client } = orgWithAccounts(250);
  const headers = { 'sforce-query-options': 'batchSize=200' };
  const urls: string[] = [];
  for (let i = 0; i < 11; i++) {
    urls.push((await client.query('SELECT Id FROM Account', { headers })).body.nextRecordsUrl);
  }
  assert.equal((await client.get(urls[0]!)).status, 400);
  assert.equal((await client.get(urls[10]!)).status, 200);
  assert.equal((await client.get(urls[1]!)).status, 200);
});

test('an unauthenticated query is INVALID_SESSION_ID', async () => {
  const { client } = orgWithAccounts(0);
  const res = await fetch(`${client.base}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`);
  assert.equal(res.status, 401);
  assert.equal(
    ((await res.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'INVALID_SESSION_ID',
  );
});
