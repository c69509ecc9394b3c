import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulkProcessing } from '../../src/bulk/job-store.ts';
import { deleteRecord, insertRecord } from '../../src/data/record-operations.ts';
import type { Org } from '../../src/model/org.ts';
import { useEmulator } from '../helpers/emulator.ts';
import {
  apiToken,
  bulkClient,
  bulkOrg,
  parseCsv,
  waitForJob,
  type BulkClient,
} from './bulk-helpers.ts';

const running = await useEmulator();
const { emulator } = running;

function seedAccounts(org: Org, actorId: string, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `Account ${String(i).padStart(5, '0')}`;
    const record = insertRecord(
      emulator.data,
      org,
      'Account',
      { Name: name, Phone: i % 2 === 0 ? `555-${i}` : null },
      { actorId },
    );
    ids.push(record.Id);
  }
  return ids;
}

async function runQuery(
  client: BulkClient,
  query: string,
  options: Record<string, unknown> = {},
): Promise<string> {
  const created = await client.json('POST', '/jobs/query', {
    operation: 'query',
    query,
    ...options,
  });
  const info = await waitForJob(client, 'query', created.id as string);
  assert.equal(info.state, 'JobComplete');
  return created.id as string;
}

async function page(client: BulkClient, id: string, params = '') {
  const res = await client.request('GET', `/jobs/query/${id}/results${params}`);
  assert.equal(res.status, 200);
  return {
    text: await res.text(),
    count: res.headers.get('sforce-numberofrecords'),
    locator: res.headers.get('sforce-locator'),
    type: res.headers.get('content-type'),
  };
}

test('a query job goes from UploadComplete to JobComplete', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  seedAccounts(org, admin.id, 3);
  const res = await adminClient.request('POST', '/jobs/query', {
    json: { operation: 'query', query: 'SELECT Id, Name FROM Account' },
  });
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /"apiVersion":60\.0,/);
  const created = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(created), [
    'id',
    'operation',
    'object',
    'createdById',
    'createdDate',
    'systemModstamp',
    'state',
    'concurrencyMode',
    'contentType',
    'apiVersion',
    'lineEnding',
    'columnDelimiter',
  ]);
  assert.equal(created.state, 'UploadComplete');
  assert.equal(created.object, 'Account');
  assert.equal(created.createdById, admin.id);
  assert.equal(created.concurrencyMode, 'Parallel');
  const info = await waitForJob(adminClient, 'query', created.id as string);
  assert.deepEqual(Object.keys(info), [
    'id',
    'operation',
    'object',
    'createdById',
    'createdDate',
    'systemModstamp',
    'state',
    'concurrencyMode',
    'contentType',
    'apiVersion',
    'jobType',
    'lineEnding',
    'columnDelimiter',
    'numberRecordsProcessed',
    'retries',
    'totalProcessingTime',
    'isPkChunkingSupported',
  ]);
  assert.equal(info.state, 'JobComplete');
  assert.equal(info.jobType, 'V2Query');
  assert.equal(info.numberRecordsProcessed, 3);
});

test('results are CSV with every value quoted, nulls empty, in SELECT order', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  const ids = seedAccounts(org, admin.id, 2);
  insertRecord(
    emulator.data,
    org,
    'Account',
    { Name: 'Say "hi", then\nleave' },
    { actorId: admin.id },
  );
  const id = await runQuery(adminClient, 'SELECT Phone, Name, Id FROM Account ORDER BY Name');
  const result = await page(adminClient, id);
  assert.equal(result.type, 'text/csv');
  assert.equal(result.count, '3');
  assert.equal(result.locator, 'null');
  assert.ok(result.text.startsWith('"Phone","Name","Id"\n"555-0","Account 00000",'));
  const rows = parseCsv(result.text);
  assert.deepEqual(rows[1], ['555-0', 'Account 00000', ids[0]]);
  assert.deepEqual(rows[2], ['', 'Account 00001', ids[1]]);
  assert.equal(rows[3]![1], 'Say "hi", then\nleave');
  assert.ok(result.text.includes(`"","Account 00001","${ids[1]}"\n`));
});

test('results page with maxRecords and end with Sforce-Locator null; locators are reusable', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  const ids = seedAccounts(org, admin.id, 25);
  const id = await runQuery(adminClient, 'SELECT Id FROM Account ORDER BY Name');
  const seen: string[] = [];
  const locators: string[] = [];
  let locator: string | null = '';
  while (locator !== 'null') {
    const result = await page(
      adminClient,
      id,
      `?maxRecords=10${locator ? `&locator=${locator}` : ''}`,
    );
    const rows = parseCsv(result.text);
    assert.deepEqual(rows[0], ['Id']);
    assert.equal(result.count, String(rows.length - 1));
    seen.push(...rows.slice(1).map((r) => r[0]!));
    locator = result.locator;
    assert.ok(locator);
    locators.push(locator);
  }
  assert.deepEqual(seen, ids);
  assert.deepEqual(locators, ['MTA', 'MjA', 'null']);
  const again = await page(adminClient, id, `?maxRecords=10&locator=${locators[0]!}`);
  const first = await page(adminClient, id, `?maxRecords=10&locator=${locators[0]!}`);
  assert.equal(again.text, first.text);
  assert.deepEqual(
    parseCsv(again.text)
      .slice(1)
      .map((r) => r[0]),
    ids.slice(10, 20),
  );
});

test('queryAll includes deleted records and query does not', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  const [kept, gone] = seedAccounts(org, admin.id, 2);
  deleteRecord(emulator.data, org, gone!, { actorId: admin.id });
  const live = await runQuery(adminClient, 'SELECT Id, IsDeleted FROM Account');
  assert.deepEqual(parseCsv((await page(adminClient, live)).text).slice(1), [[kept, 'false']]);
  const created = await adminClient.json('POST', '/jobs/query', {
    operation: 'queryAll',
    query: 'SELECT Id, IsDeleted FROM Account ORDER BY Name',
  });
  assert.equal(created.operation, 'queryAll');
  await waitForJob(adminClient, 'query', created.id as string);
  const all = parseCsv((await page(adminClient, created.id as string)).text).slice(1);
  assert.deepEqual(all, [
    [kept, 'false'],
    [gone, 'true'],
  ]);
});

for (const [delimiter, char] of [
  ['COMMA', ','],
  ['TAB', '\t'],
  ['PIPE', '|'],
  ['SEMICOLON', ';'],
  ['CARET', '^'],
  ['BACKQUOTE', '`'],
] as const) {
  test(`results honour columnDelimiter ${delimiter} with CRLF line endings`, async () => {
    const { adminClient, admin, org } = bulkOrg(running);
    const [first] = seedAccounts(org, admin.id, 1);
    const id = await runQuery(adminClient, 'SELECT Id, Name FROM Account', {
      columnDelimiter: delimiter,
      lineEnding: 'CRLF',
    });
    const info = await adminClient.json('GET', `/jobs/query/${id}`);
    assert.equal(info.columnDelimiter, delimiter);
    assert.equal(info.lineEnding, 'CRLF');
    const { text } = await page(adminClient, id);
    assert.equal(text, `"Id"${char}"Name"\r\n"${first}"${char}"Account 00000"\r\n`);
  });
}

test('results before completion answer 412 JOB_NOT_COMPLETE', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  seedAccounts(org, admin.id, 1);
  const processing = bulkProcessing(emulator);
  processing.hold();
  try {
    const created = await adminClient.json('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Account',
    });
    const res = await adminClient.request('GET', `/jobs/query/${created.id as string}/results`);
    assert.equal(res.status, 412);
    assert.deepEqual(await res.json(), [
      {
        message:
          'can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: UPLOAD_COMPLETE',
        errorCode: 'JOB_NOT_COMPLETE',
      },
    ]);
    processing.step();
    const info = await adminClient.json('GET', `/jobs/query/${created.id as string}`);
    assert.equal(info.state, 'InProgress');
  } finally {
    processing.resume();
  }
});

test('results asked for with another API version answer 409', async () => {
  const { adminClient, adminToken, admin, org, instanceUrl } = bulkOrg(running);
  seedAccounts(org, admin.id, 1);
  const id = await runQuery(adminClient, 'SELECT Id FROM Account');
  const other = bulkClient(instanceUrl, adminToken, '58.0');
  const res = await other.request('GET', `/jobs/query/${id}/results`);
  assert.equal(res.status, 409);
  const body = (await res.json()) as Array<{ errorCode: string }>;
  assert.equal(body.length, 1);
  assert.equal((await other.request('GET', `/jobs/query/${id}`)).status, 200);
});

test('a job can be aborted before it completes, not after', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  seedAccounts(org, admin.id, 1);
  const processing = bulkProcessing(emulator);
  processing.hold();
  let id: string;
  try {
    const created = await adminClient.json('POST', '/jobs/query', {
      operation: 'query',
      query: 'SELECT Id FROM Account',
    });
    id = created.id as string;
    const refused = await adminClient.request('DELETE', `/jobs/query/${id}`);
    assert.equal(refused.status, 400);
    const aborted = await adminClient.json('PATCH', `/jobs/query/${id}`, { state: 'Aborted' });
    assert.equal(aborted.state, 'Aborted');
  } finally {
    processing.resume();
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal((await adminClient.json('GET', `/jobs/query/${id}`)).state, 'Aborted');
  const done = await runQuery(adminClient, 'SELECT Id FROM Account');
  const late = await adminClient.request('PATCH', `/jobs/query/${done}`, {
    json: { state: 'Aborted' },
  });
  assert.equal(late.status, 400);
  assert.deepEqual(await late.json(), [
    { message: 'Aborting already Completed Job not allowed', errorCode: 'INVALIDJOBSTATE' },
  ]);
  const close = await adminClient.request('PATCH', `/jobs/query/${done}`, {
    json: { state: 'UploadComplete' },
  });
  assert.equal(close.status, 400);
});

test('a deleted query job answers 404 afterwards', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  seedAccounts(org, admin.id, 1);
  const id = await runQuery(adminClient, 'SELECT Id FROM Account');
  const res = await adminClient.request('DELETE', `/jobs/query/${id}`);
  assert.equal(res.status, 204);
  for (const path of [`/jobs/query/${id}`, `/jobs/query/${id}/results`]) {
    const gone = await adminClient.request('GET', path);
    assert.equal(gone.status, 404);
    assert.deepEqual(await gone.json(), [
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  }
});

test('a bad query fails job creation with the SOQL error', async () => {
  const { adminClient } = bulkOrg(running);
  const cases: Array<[string, string]> = [
    ['SELECT Id FORM Account', 'MALFORMED_QUERY'],
    ['SELECT Foo FROM Account', 'INVALID_FIELD'],
    ['SELECT Id FROM Xyzzy', 'INVALID_TYPE'],
    ['SELECT Id, (SELECT Id FROM Contacts) FROM Account', 'API_ERROR'],
    ['SELECT COUNT() FROM Account', 'API_ERROR'],
    ['SELECT Name FROM Account GROUP BY Name', 'API_ERROR'],
    ['SELECT Id FROM Account LIMIT 5 OFFSET 1', 'API_ERROR'],
  ];
  for (const [query, code] of cases) {
    const res = await adminClient.request('POST', '/jobs/query', {
      json: { operation: 'query', query },
    });
    assert.equal(res.status, 400, query);
    const body = (await res.json()) as Array<{ errorCode: string; message: string }>;
    assert.equal(body[0]!.errorCode, code, `${query}: ${body[0]!.message}`);
  }
  const profile = await adminClient.request('POST', '/jobs/query', {
    json: { operation: 'query', query: 'SELECT Id FROM Profile' },
  });
  assert.equal(profile.status, 400);
  assert.deepEqual(await profile.json(), [
    { message: 'Profile is not supported by the Bulk API', errorCode: 'INVALIDENTITY' },
  ]);
  for (const json of [
    { operation: 'insert', query: 'SELECT Id FROM Account' },
    { operation: 'query' },
    { operation: 'query', query: 'SELECT Id FROM Account', columnDelimiter: 'SPACE' },
    { operation: 'query', query: 'SELECT Id FROM Account', lineEnding: 'CR' },
  ]) {
    const res = await adminClient.request('POST', '/jobs/query', { json });
    assert.equal(res.status, 400, JSON.stringify(json));
  }
});

test('the daily query-job allowance is enforced per org over 24 hours', async () => {
  const org = emulator.createOrg({ name: 'Limited', settings: { dailyBulkV2QueryJobs: 2 } });
  const user = emulator.createUser(org.id, {
    username: `limit@${org.myDomain}.example`,
    profile: 'System Administrator',
  });
  const instanceUrl = emulator.instanceUrl(org);
  const client = bulkClient(instanceUrl, apiToken(emulator, org, user.id));
  const body = { operation: 'query', query: 'SELECT Id FROM Account' };
  for (let i = 0; i < 2; i++)
    assert.equal((await client.request('POST', '/jobs/query', { json: body })).status, 200);
  const refused = await client.request('POST', '/jobs/query', { json: body });
  assert.equal(refused.status, 400);
  assert.deepEqual(await refused.json(), [
    {
      message: 'Max bulk v2 query jobs (2) per 24 hrs has been reached (3)',
      errorCode: 'LIMIT_EXCEEDED',
    },
  ]);
  const other = bulkOrg(running);
  assert.equal(
    (await other.adminClient.request('POST', '/jobs/query', { json: body })).status,
    200,
  );
  emulator.clock.advance(24 * 3600 * 1000 + 1000);
  const later = bulkClient(instanceUrl, apiToken(emulator, org, user.id));
  assert.equal((await later.request('POST', '/jobs/query', { json: body })).status, 200);
});

test('the job list shows the org’s query jobs', async () => {
  const { adminClient } = bulkOrg(running);
  const id = await runQuery(adminClient, 'SELECT Id FROM Account');
  const list = await adminClient.json<{
    done: boolean;
    records: Array<Record<string, unknown>>;
    nextRecordsUrl: unknown;
  }>('GET', '/jobs/query');
  assert.equal(list.done, true);
  assert.equal(list.nextRecordsUrl, null);
  assert.deepEqual(
    list.records.map((r) => r.id),
    [id],
  );
  assert.equal(list.records[0]!.jobType, 'V2Query');
  assert.equal(list.records[0]!.state, 'JobComplete');
});

test('bad locators and maxRecords answer 400', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  seedAccounts(org, admin.id, 1);
  const id = await runQuery(adminClient, 'SELECT Id FROM Account');
  for (const params of ['?locator=garbage!', '?locator=OTk5', '?maxRecords=0', '?maxRecords=ten']) {
    const res = await adminClient.request('GET', `/jobs/query/${id}/results${params}`);
    assert.equal(res.status, 400, params);
    assert.equal(((await res.json()) as unknown[]).length, 1);
  }
});

test('query jobs do not exist before API 47.0', async () => {
  const { adminToken, instanceUrl } = bulkOrg(running);
  const old = bulkClient(instanceUrl, adminToken, '46.0');
  const res = await old.request('POST', '/jobs/query', {
    json: { operation: 'query', query: 'SELECT Id FROM Account' },
  });
  assert.equal(res.status, 404);
});
