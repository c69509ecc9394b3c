import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulkProcessing } from '../../src/bulk/job-store.ts';
import { useEmulator } from '../helpers/emulator.ts';
import { bulkOrg, parseCsv, waitForJob, type BulkClient } from './bulk-helpers.ts';

const running = await useEmulator();
const { emulator } = running;

async function runIngest(
  client: BulkClient,
  job: Record<string, unknown>,
  csv: string,
): Promise<{ id: string; info: Record<string, unknown> }> {
  const created = await client.json('POST', '/jobs/ingest', job);
  const id = created.id as string;
  const upload = await client.request('PUT', `/jobs/ingest/${id}/batches`, { csv });
  assert.equal(upload.status, 201);
  await client.json('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
  return { id, info: await waitForJob(client, 'ingest', id) };
}

async function results(client: BulkClient, id: string, kind: string): Promise<string> {
  const res = await client.request('GET', `/jobs/ingest/${id}/${kind}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv');
  return res.text();
}

function accounts(org: ReturnType<typeof bulkOrg>['org']) {
  return [...(org.tables.get('Account')?.rows.values() ?? [])];
}

test('creating an ingest job answers Open with a relative contentUrl', async () => {
  const { adminClient } = bulkOrg(running);
  const res = await adminClient.request('POST', '/jobs/ingest', {
    json: { object: 'account', operation: 'insert', lineEnding: 'LF' },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json;charset=UTF-8$/);
  const text = await res.text();
  assert.match(text, /"apiVersion":60\.0,/);
  const info = JSON.parse(text) as Record<string, unknown>;
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
    'contentUrl',
    'lineEnding',
    'columnDelimiter',
  ]);
  assert.match(info.id as string, /^750[A-Za-z0-9]{15}$/);
  assert.equal(info.object, 'Account');
  assert.equal(info.state, 'Open');
  assert.equal(info.contentUrl, `services/data/v60.0/jobs/ingest/${info.id as string}/batches`);
  assert.match(info.createdDate as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/);
  assert.equal(info.columnDelimiter, 'COMMA');
});

test('an insert job completes with successful and failed results', async () => {
  const { adminClient, admin, org } = bulkOrg(running);
  const csv = 'Name,Phone\nAcme,555-1000\n,555-2000\n"Quoted, ""Inc""\nLine2",\n';
  const { id, info } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    csv,
  );
  assert.equal(info.state, 'JobComplete');
  assert.equal(info.jobType, 'V2Ingest');
  assert.equal(info.numberRecordsProcessed, 3);
  assert.equal(info.numberRecordsFailed, 1);
  assert.equal(info.retries, 0);
  assert.equal(info.apexProcessingTime, 0);
  assert.equal(typeof info.apiActiveProcessingTime, 'number');
  assert.equal('errorMessage' in info, false);

  const success = parseCsv(await results(adminClient, id, 'successfulResults'));
  assert.deepEqual(success[0], ['sf__Id', 'sf__Created', 'Name', 'Phone']);
  assert.equal(success.length, 3);
  assert.match(success[1]![0]!, /^001[A-Za-z0-9]{15}$/);
  assert.deepEqual(success[1]!.slice(1), ['true', 'Acme', '555-1000']);
  assert.deepEqual(success[2]!.slice(1), ['true', 'Quoted, "Inc"\nLine2', '']);
  const created = org.tables.get('Account')!.rows.get(success[1]![0]!)!;
  assert.equal(created.Name, 'Acme');
  assert.equal(created.CreatedById, admin.id);

  const failed = parseCsv(await results(adminClient, id, 'failedResults'));
  assert.deepEqual(failed, [
    ['sf__Id', 'sf__Error', 'Name', 'Phone'],
    ['', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --', '', '555-2000'],
  ]);
  assert.equal(await results(adminClient, id, 'unprocessedrecords'), '"Name","Phone"\n');
});

test('an update leaves empty cells alone and #N/A nulls a field', async () => {
  const { adminClient, org } = bulkOrg(running);
  const first = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name,Phone,Website\nOne,111,one.example\nTwo,222,two.example\n',
  );
  assert.equal(first.info.numberRecordsFailed, 0);
  const ids = parseCsv(await results(adminClient, first.id, 'successfulResults'))
    .slice(1)
    .map((r) => r[0]!);
  const { id, info } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'update' },
    `Id,Phone,Website\n${ids[0]},999,\n${ids[1]!.slice(0, 15)},,#N/A\n001000000000000,1,\n,2,\n`,
  );
  assert.equal(info.numberRecordsProcessed, 4);
  assert.equal(info.numberRecordsFailed, 2);
  const table = org.tables.get('Account')!;
  assert.equal(table.rows.get(ids[0]!)!.Phone, '999');
  assert.equal(table.rows.get(ids[0]!)!.Website, 'one.example');
  assert.equal(table.rows.get(ids[1]!)!.Phone, '222');
  assert.equal(table.rows.get(ids[1]!)!.Website, null);
  const success = parseCsv(await results(adminClient, id, 'successfulResults'));
  assert.deepEqual(
    success.slice(1).map((r) => [r[0], r[1]]),
    [
      [ids[0], 'false'],
      [ids[1], 'false'],
    ],
  );
  const failed = parseCsv(await results(adminClient, id, 'failedResults')).slice(1);
  assert.equal(failed[0]![0], '001000000000000AAA');
  assert.equal(failed[0]![1], 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--');
  assert.deepEqual(failed[1], [
    '',
    'MISSING_ARGUMENT:Id not specified in an update call:--',
    '',
    '2',
    '',
  ]);
});

test('an upsert matches by external id and resolves relationship columns', async () => {
  const { adminClient, org } = bulkOrg(running);
  const seed = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name,Ext_Id__c\nExisting,E-1\n',
  );
  const existingId = parseCsv(await results(adminClient, seed.id, 'successfulResults'))[1]![0]!;
  const upsert = await runIngest(
    adminClient,
    { object: 'Account', operation: 'upsert', externalIdFieldName: 'Ext_Id__c' },
    'Ext_Id__c,Name\ne-1,Renamed\nE-2,Brand New\n,No Key\n',
  );
  assert.equal(upsert.info.externalIdFieldName, 'Ext_Id__c');
  assert.equal(upsert.info.numberRecordsFailed, 1);
  const success = parseCsv(await results(adminClient, upsert.id, 'successfulResults')).slice(1);
  assert.deepEqual(success[0]!.slice(0, 2), [existingId, 'false']);
  assert.equal(success[1]![1], 'true');
  assert.equal(org.tables.get('Account')!.rows.get(existingId)!.Name, 'Renamed');
  const failed = parseCsv(await results(adminClient, upsert.id, 'failedResults')).slice(1);
  assert.equal(failed[0]![1], 'MISSING_ARGUMENT:Ext_Id__c not specified:--');

  const contacts = await runIngest(
    adminClient,
    { object: 'Contact', operation: 'insert' },
    'LastName,Account.Ext_Id__c\nSmith,E-2\nJones,NOPE\n',
  );
  assert.equal(contacts.info.numberRecordsFailed, 1);
  const contactId = parseCsv(await results(adminClient, contacts.id, 'successfulResults'))[1]![0]!;
  assert.equal(org.tables.get('Contact')!.rows.get(contactId)!.AccountId, success[1]![0]);
  const contactFailed = parseCsv(await results(adminClient, contacts.id, 'failedResults'));
  assert.deepEqual(contactFailed[1], [
    '',
    'INVALID_FIELD:Foreign key external ID: NOPE not found for field Ext_Id__c in entity Account:--',
    'Jones',
    'NOPE',
  ]);
});

test('an upsert without a usable external id field is refused at creation', async () => {
  const { adminClient } = bulkOrg(running);
  const missing = await adminClient.request('POST', '/jobs/ingest', {
    json: { object: 'Account', operation: 'upsert' },
  });
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), [
    {
      message: 'External ID was blank for Account. An External ID must be specified for upsert.',
      errorCode: 'INVALIDJOB',
    },
  ]);
  const notIndexed = await adminClient.request('POST', '/jobs/ingest', {
    json: { object: 'Account', operation: 'upsert', externalIdFieldName: 'Phone' },
  });
  assert.equal(notIndexed.status, 400);
  assert.equal(
    ((await notIndexed.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'INVALIDJOB',
  );
});

test('delete moves records to the recycle bin and hardDelete removes them', async () => {
  const { adminClient, org } = bulkOrg(running);
  const seed = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name\nA\nB\n',
  );
  const [a, b] = parseCsv(await results(adminClient, seed.id, 'successfulResults'))
    .slice(1)
    .map((r) => r[0]!);
  const table = org.tables.get('Account')!;
  const soft = await runIngest(
    adminClient,
    { object: 'Account', operation: 'delete' },
    `Id\n${a}\n${a}\n`,
  );
  assert.equal(soft.info.numberRecordsFailed, 1);
  assert.equal(table.rows.has(a!), false);
  assert.equal(table.recycleBin.has(a!), true);
  const failed = parseCsv(await results(adminClient, soft.id, 'failedResults'));
  assert.deepEqual(failed[1], [a, 'ENTITY_IS_DELETED:entity is deleted:--', a]);

  const hard = await runIngest(
    adminClient,
    { object: 'Account', operation: 'hardDelete' },
    `Id\n${b}\n`,
  );
  assert.equal(hard.info.state, 'JobComplete');
  assert.equal(hard.info.numberRecordsFailed, 0);
  assert.equal(table.rows.has(b!), false);
  assert.equal(table.recycleBin.has(b!), false);
});

test('hardDelete needs the Bulk API Hard Delete permission', async () => {
  const { standardClient } = bulkOrg(running);
  const res = await standardClient.request('POST', '/jobs/ingest', {
    json: { object: 'Account', operation: 'hardDelete' },
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), [
    {
      message:
        'hardDelete operation requires special user profile permission, please contact your system administrator',
      errorCode: 'INVALIDJOB',
    },
  ]);
});

test('rows fail with INSUFFICIENT_ACCESS_OR_READONLY without object access', async () => {
  const { integrationClient, standardClient, org } = bulkOrg(running);
  const noAccess = await runIngest(
    integrationClient,
    { object: 'Account', operation: 'insert' },
    'Name\nNope\n',
  );
  assert.equal(noAccess.info.state, 'JobComplete');
  assert.equal(noAccess.info.numberRecordsFailed, 1);
  const failed = parseCsv(await results(integrationClient, noAccess.id, 'failedResults'));
  assert.deepEqual(failed[1], [
    '',
    'INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id:--',
    'Nope',
  ]);
  assert.equal(accounts(org).length, 0);
  const readOnly = await runIngest(
    standardClient,
    { object: 'Campaign', operation: 'insert' },
    'Name\nSpring\n',
  );
  assert.equal(readOnly.info.numberRecordsFailed, 1);
});

test('a header naming an unknown field fails the job and leaves every row unprocessed', async () => {
  const { adminClient, org } = bulkOrg(running);
  const csv = 'Name,Foo\nA,1\nB,2\n';
  const { id, info } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    csv,
  );
  assert.equal(info.state, 'Failed');
  assert.equal(info.errorMessage, 'InvalidBatch : Field name not found : Foo');
  assert.equal(info.numberRecordsProcessed, 0);
  assert.equal(accounts(org).length, 0);
  assert.equal(
    await results(adminClient, id, 'unprocessedrecords'),
    '"Name","Foo"\n"A","1"\n"B","2"\n',
  );
  assert.equal(
    await results(adminClient, id, 'successfulResults'),
    '"sf__Id","sf__Created","Name","Foo"\n',
  );
});

test('data whose line ending differs from the job fails the job', async () => {
  const { adminClient } = bulkOrg(running);
  const { info } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert', lineEnding: 'LF' },
    'Name\r\nA\r\n',
  );
  assert.equal(info.state, 'Failed');
  assert.equal(
    info.errorMessage,
    'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
  );
});

test('closing a job without data fails it', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  await adminClient.json('PATCH', `/jobs/ingest/${created.id as string}`, {
    state: 'UploadComplete',
  });
  const info = await waitForJob(adminClient, 'ingest', created.id as string);
  assert.equal(info.state, 'Failed');
  assert.equal(info.errorMessage, 'InvalidBatch : Unable to find any data to create batch');
});

for (const [delimiter, char] of [
  ['TAB', '\t'],
  ['PIPE', '|'],
  ['SEMICOLON', ';'],
  ['CARET', '^'],
  ['BACKQUOTE', '`'],
] as const) {
  test(`an ingest job reads and writes ${delimiter}-delimited CRLF data`, async () => {
    const { adminClient } = bulkOrg(running);
    const { id, info } = await runIngest(
      adminClient,
      { object: 'Account', operation: 'insert', columnDelimiter: delimiter, lineEnding: 'CRLF' },
      `Name${char}Phone\r\nA${char}1\r\n"B${char}x"${char}2\r\n`,
    );
    assert.equal(info.state, 'JobComplete');
    assert.equal(info.numberRecordsFailed, 0);
    const text = await results(adminClient, id, 'successfulResults');
    const rows = parseCsv(text, char, '\r\n');
    assert.deepEqual(rows[0], ['sf__Id', 'sf__Created', 'Name', 'Phone']);
    assert.deepEqual(rows[2]!.slice(1), ['true', `B${char}x`, '2']);
  });
}

test('a job accepts one upload: a second one, or one after closing, is refused', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const id = created.id as string;
  assert.equal(
    (await adminClient.request('PUT', `/jobs/ingest/${id}/batches`, { csv: 'Name\nA\n' })).status,
    201,
  );
  const again = await adminClient.request('PUT', `/jobs/ingest/${id}/batches`, {
    csv: 'Name\nB\n',
  });
  assert.equal(again.status, 400);
  const [error] = (await again.json()) as Array<{ errorCode: string; message: string }>;
  assert.equal(error!.errorCode, 'INVALIDJOB');
  assert.match(
    error!.message,
    new RegExp(`^Found multiple contents for job: <${id.slice(0, 15)}>`),
  );
  await adminClient.json('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
  const late = await adminClient.request('PUT', `/jobs/ingest/${id}/batches`, { csv: 'Name\nC\n' });
  assert.equal(late.status, 400);
  assert.equal(
    ((await late.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'INVALIDJOBSTATE',
  );
});

test('an upload must be text/csv', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const res = await adminClient.request('PUT', `/jobs/ingest/${created.id as string}/batches`, {
    raw: 'Name\nA\n',
    contentType: 'application/xml',
  });
  assert.equal(res.status, 415);
});

test('an upload over 100 MB is refused with 400', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const csv = `Name\n${'x'.repeat(100 * 1024 * 1024)}\n`;
  const res = await adminClient.request('PUT', `/jobs/ingest/${created.id as string}/batches`, {
    csv,
  });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as Array<{ errorCode: string }>)[0]!.errorCode, 'INVALIDBATCH');
});

test('aborting mid-processing keeps processed rows and lists the rest as unprocessed', async () => {
  const { adminClient, org } = bulkOrg(running);
  const processing = bulkProcessing(emulator);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const id = created.id as string;
  await adminClient.request('PUT', `/jobs/ingest/${id}/batches`, { csv: 'Name\nA\nB\nC\nD\nE\n' });
  processing.hold();
  processing.chunkSize = 2;
  try {
    await adminClient.json('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
    const queued = await adminClient.json('GET', `/jobs/ingest/${id}`);
    assert.equal(queued.state, 'UploadComplete');
    assert.equal(processing.step(), true); // parse and go InProgress
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(processing.step(), true); // first chunk
    const midway = await adminClient.json('GET', `/jobs/ingest/${id}`);
    assert.equal(midway.state, 'InProgress');
    assert.equal(midway.numberRecordsProcessed, 2);
    const aborted = await adminClient.json('PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' });
    assert.equal(aborted.state, 'Aborted');
  } finally {
    processing.chunkSize = 10_000;
    processing.resume();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  const info = await adminClient.json('GET', `/jobs/ingest/${id}`);
  assert.equal(info.state, 'Aborted');
  assert.equal(info.numberRecordsProcessed, 2);
  assert.equal(accounts(org).length, 2);
  assert.equal(await results(adminClient, id, 'unprocessedrecords'), '"Name"\n"C"\n"D"\n"E"\n');
  const again = await adminClient.request('PATCH', `/jobs/ingest/${id}`, {
    json: { state: 'Aborted' },
  });
  assert.equal(again.status, 400);
  assert.deepEqual(await again.json(), [
    { message: 'Aborting already Aborted Job not allowed', errorCode: 'INVALIDJOBSTATE' },
  ]);
});

test('an aborted open job returns its upload as unprocessed records', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const id = created.id as string;
  await adminClient.request('PUT', `/jobs/ingest/${id}/batches`, { csv: 'Name\nA\n' });
  const aborted = await adminClient.json('PATCH', `/jobs/ingest/${id}`, { state: 'Aborted' });
  assert.deepEqual(Object.keys(aborted), [
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
  ]);
  assert.equal(await results(adminClient, id, 'unprocessedrecords'), 'Name\nA\n');
});

test('closing a completed job answers INVALIDJOBSTATE', async () => {
  const { adminClient } = bulkOrg(running);
  const { id } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name\nA\n',
  );
  const res = await adminClient.request('PATCH', `/jobs/ingest/${id}`, {
    json: { state: 'UploadComplete' },
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), [
    { message: 'Closing already Completed Job not allowed', errorCode: 'INVALIDJOBSTATE' },
  ]);
  const bad = await adminClient.request('PATCH', `/jobs/ingest/${id}`, {
    json: { state: 'Closed' },
  });
  assert.equal(bad.status, 400);
});

test('a deleted job is gone; an open job cannot be deleted', async () => {
  const { adminClient } = bulkOrg(running);
  const open = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const refused = await adminClient.request('DELETE', `/jobs/ingest/${open.id as string}`);
  assert.equal(refused.status, 400);
  const { id } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name\nA\n',
  );
  const deleted = await adminClient.request('DELETE', `/jobs/ingest/${id}`);
  assert.equal(deleted.status, 204);
  assert.equal(await deleted.text(), '');
  const gone = await adminClient.request('GET', `/jobs/ingest/${id}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(await gone.json(), [
    { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
  ]);
});

test("unknown ids and another org's jobs answer 404", async () => {
  const one = bulkOrg(running);
  const other = bulkOrg(running);
  const created = await one.adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  for (const path of [
    `/jobs/ingest/${created.id as string}`,
    '/jobs/ingest/750000000000000AAA',
    '/jobs/ingest/nonsense/successfulResults',
  ]) {
    const res = await other.adminClient.request('GET', path);
    assert.equal(res.status, 404, path);
  }
});

test('bad create requests answer 400 in Salesforce error arrays', async () => {
  const { adminClient } = bulkOrg(running);
  const cases: Array<[unknown, string]> = [
    [{ object: 'Account', operation: 'insert', columnDelimiter: 'COLON' }, 'JSON_PARSER_ERROR'],
    [{ object: 'Account', operation: 'insert', lineEnding: 'CR' }, 'JSON_PARSER_ERROR'],
    [{ object: 'Account', operation: 'insert', contentType: 'JSON' }, 'JSON_PARSER_ERROR'],
    [{ object: 'Account', operation: 'merge' }, 'JSON_PARSER_ERROR'],
    [{ object: 'Account' }, 'INVALIDJOB'],
    [{ operation: 'insert' }, 'INVALIDJOB'],
    [{ object: 'Nope__c', operation: 'insert' }, 'INVALIDJOB'],
    [{ object: 'Profile', operation: 'insert' }, 'INVALIDENTITY'],
    [[1, 2], 'JSON_PARSER_ERROR'],
  ];
  for (const [json, code] of cases) {
    const res = await adminClient.request('POST', '/jobs/ingest', { json });
    assert.equal(res.status, 400, JSON.stringify(json));
    const body = (await res.json()) as Array<{ errorCode: string; message: string }>;
    assert.equal(body[0]!.errorCode, code, JSON.stringify(json));
  }
  const unsupported = await adminClient.request('POST', '/jobs/ingest', {
    json: { object: 'Profile', operation: 'insert' },
  });
  assert.deepEqual(await unsupported.json(), [
    { message: 'Profile is not supported by the Bulk API', errorCode: 'INVALIDENTITY' },
  ]);
  const badJson = await adminClient.request('POST', '/jobs/ingest', {
    raw: '{"object":',
    contentType: 'application/json',
  });
  assert.equal(badJson.status, 400);
  assert.equal(
    ((await badJson.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'JSON_PARSER_ERROR',
  );
});

test('a multipart request creates, uploads and processes a job', async () => {
  const { adminClient, org } = bulkOrg(running);
  const boundary = 'BOUNDARY';
  const body = [
    `--${boundary}`,
    'Content-Type: application/json',
    'Content-Disposition: form-data; name="job"',
    '',
    JSON.stringify({ object: 'Account', contentType: 'CSV', operation: 'insert' }),
    `--${boundary}`,
    'Content-Type: text/csv',
    'Content-Disposition: form-data; name="content"; filename="content"',
    '',
    'Name\nMulti One\nMulti Two',
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const res = await adminClient.request('POST', '/jobs/ingest', {
    raw: body,
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
  assert.equal(res.status, 200);
  const created = (await res.json()) as Record<string, unknown>;
  assert.equal(created.state, 'UploadComplete');
  const info = await waitForJob(adminClient, 'ingest', created.id as string);
  assert.equal(info.numberRecordsProcessed, 2);
  assert.deepEqual(
    accounts(org)
      .map((a) => a.Name)
      .sort(),
    ['Multi One', 'Multi Two'],
  );
});

test('the job list pages through the org’s ingest jobs', async () => {
  const { adminClient } = bulkOrg(running);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const job = await adminClient.json('POST', '/jobs/ingest', {
      object: 'Account',
      operation: 'insert',
    });
    ids.push(job.id as string);
  }
  const list = await adminClient.json<{
    done: boolean;
    records: Array<Record<string, unknown>>;
    nextRecordsUrl: unknown;
  }>('GET', '/jobs/ingest');
  assert.equal(list.done, true);
  assert.equal(list.nextRecordsUrl, null);
  assert.deepEqual(
    list.records.map((r) => r.id),
    ids,
  );
  assert.equal(list.records[0]!.jobType, 'V2Ingest');
  const classic = await adminClient.json<{ records: unknown[] }>(
    'GET',
    '/jobs/ingest?jobType=Classic',
  );
  assert.deepEqual(classic.records, []);
});

test('malformed CSV fails the job with the parser’s complaint', async () => {
  const { adminClient } = bulkOrg(running);
  const { id, info } = await runIngest(
    adminClient,
    { object: 'Account', operation: 'insert' },
    'Name,Phone\nA,1\nB\n',
  );
  assert.equal(info.state, 'Failed');
  assert.match(info.errorMessage as string, /^InvalidBatch : Failed to parse CSV : /);
  assert.equal(await results(adminClient, id, 'unprocessedrecords'), 'Name,Phone\nA,1\nB\n');
});

test('job info honours X-PrettyPrint with the decimal API version', async () => {
  const { adminClient } = bulkOrg(running);
  const created = await adminClient.json('POST', '/jobs/ingest', {
    object: 'Account',
    operation: 'insert',
  });
  const res = await fetch(`${adminClient.base}/jobs/ingest/${created.id as string}`, {
    headers: { authorization: `Bearer ${adminClient.token}`, 'x-prettyprint': '1' },
  });
  const text = await res.text();
  assert.match(text, /\n {2}"apiVersion" : 60\.0,\n/);
  assert.match(text, /\n {2}"state" : "Open",\n/);
});
