import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { addLookupField, restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);
addLookupField(emulator, seeded.org, 'Account', 'Ext_Id__c');
const api = restClient(emulator, seeded.org, seeded.standard.id, '58.0');

type Json = Record<string, unknown>;

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

const account = (fields: Json) => ({ attributes: { type: 'Account' }, ...fields });

async function call(method: string, path: string, body?: unknown) {
  const res = await api.request(method, path, body);
  return { status: res.status, body: (await res.json()) as Json[] };
}

function accountCount(): number {
  return seeded.org.tables.get('Account')?.rows.size ?? 0;
}

async function createAccounts(names: string[]): Promise<string[]> {
  const { body } = await call('POST', '/composite/sobjects', {
    records: names.map((Name) => account({ Name })),
  });
  return body.map((r) => r.id as string);
}

test('POST creates records of several types in request order', async () => {
  const { status, body } = await call('POST', '/composite/sobjects', {
    allOrNone: false,
    records: [
      account({ Name: 'Coll One' }),
      { attributes: { type: 'Contact' }, LastName: 'Johnson', FirstName: 'Erica' },
    ],
  });
  assert.equal(status, 200);
  assert.equal(body.length, 2);
  assert.match(String(body[0]!.id), /^001/);
  assert.match(String(body[1]!.id), /^003/);
  assert.deepEqual(body[0], { id: body[0]!.id, success: true, errors: [] });
  const contact = (await (
    await api.get(`/sobjects/Contact/${String(body[1]!.id)}`)
  ).json()) as Json;
  assert.equal(contact.Name, 'Erica Johnson');
});

test('POST with partial failure: 200, failed rows carry statusCode errors, the rest are written', async () => {
  const before = accountCount();
  const { status, body } = await call('POST', '/composite/sobjects', {
    records: [account({ Name: 'Good' }), account({ Phone: '1' }), { Name: 'No type' }],
  });
  assert.equal(status, 200);
  assert.equal(body[0]!.success, true);
  assert.deepEqual(body[1], {
    success: false,
    errors: [
      {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Name]',
        fields: ['Name'],
      },
    ],
  });
  const noType = (body[2]!.errors as Json[])[0]!;
  assert.equal(body[2]!.success, false);
  assert.equal(noType.statusCode, 'INVALID_FIELD');
  assert.equal('errorCode' in noType, false);
  assert.equal(accountCount(), before + 1);
});

test('POST with allOrNone writes nothing when a row fails and reports the rest as rolled back', async () => {
  const before = accountCount();
  const { status, body } = await call('POST', '/composite/sobjects', {
    allOrNone: true,
    records: [account({ Name: 'Kept?' }), account({ Name: 'Also?' }), account({ Bogus__c: 'x' })],
  });
  assert.equal(status, 200);
  assert.deepEqual(body[0], { success: false, errors: [ROLLED_BACK] });
  assert.deepEqual(body[1], { success: false, errors: [ROLLED_BACK] });
  assert.equal(body[2]!.success, false);
  assert.equal((body[2]!.errors as Json[])[0]!.statusCode, 'INVALID_FIELD');
  assert.equal(accountCount(), before);
});

test('an unknown or unreadable type is a row error INVALID_TYPE', async () => {
  const integration = restClient(emulator, seeded.org, seeded.integration.id, '58.0');
  const res = await integration.request('POST', '/composite/sobjects', {
    records: [account({ Name: 'x' }), { attributes: { type: 'Xyzzy' }, Name: 'y' }],
  });
  const body = (await res.json()) as Json[];
  assert.equal(res.status, 200);
  for (const row of body) {
    assert.equal((row.errors as Json[])[0]!.statusCode, 'INVALID_TYPE');
  }
});

test('more than 200 records are rejected whole with EXCEEDED_ID_LIMIT', async () => {
  const before = accountCount();
  const records = Array.from({ length: 201 }, (_, i) => account({ Name: `Bulk ${i}` }));
  const { status, body } = await call('POST', '/composite/sobjects', { records });
  assert.equal(status, 400);
  assert.deepEqual(body, [
    {
      message: 'record limit reached. cannot submit more than 200 records into this call',
      errorCode: 'EXCEEDED_ID_LIMIT',
    },
  ]);
  assert.equal(accountCount(), before);
  const ok = await call('POST', '/composite/sobjects', { records: records.slice(0, 200) });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.filter((r) => r.success).length, 200);
});

test('PATCH updates records by id (Id or id) with per-row failures', async () => {
  const [a, b] = await createAccounts(['U1', 'U2']);
  const { status, body } = await call('PATCH', '/composite/sobjects', {
    records: [
      account({ id: a, Name: 'U1 new' }),
      account({ Id: b, Name: 'U2 new' }),
      { attributes: { type: 'Contact' }, id: '001xx000003DGb2999', Title: 'x' },
      account({ Name: 'no id' }),
    ],
  });
  assert.equal(status, 200);
  assert.deepEqual(body[0], { id: a, success: true, errors: [] });
  assert.deepEqual(body[1], { id: b, success: true, errors: [] });
  assert.deepEqual(body[2], {
    success: false,
    errors: [
      {
        statusCode: 'MALFORMED_ID',
        message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999',
        fields: ['Id'],
      },
    ],
  });
  assert.equal((body[3]!.errors as Json[])[0]!.statusCode, 'MISSING_ARGUMENT');
  const record = (await (await api.get(`/sobjects/Account/${a!}?fields=Name`)).json()) as Json;
  assert.equal(record.Name, 'U1 new');
});

test('PATCH with allOrNone restores updated records when a row fails', async () => {
  const [a] = await createAccounts(['Original']);
  const before = (await (await api.get(`/sobjects/Account/${a!}`)).json()) as Json;
  emulator.clock.advance(2000);
  const { body } = await call('PATCH', '/composite/sobjects', {
    allOrNone: true,
    records: [account({ id: a, Name: 'Changed' }), account({ id: a, Name: null })],
  });
  assert.deepEqual(body[0], { id: a, success: false, errors: [ROLLED_BACK] });
  assert.equal((body[1]!.errors as Json[])[0]!.statusCode, 'REQUIRED_FIELD_MISSING');
  const after = (await (await api.get(`/sobjects/Account/${a!}`)).json()) as Json;
  assert.deepEqual(after, before);
});

test('PATCH /composite/sobjects/X/Field upserts with created flags', async () => {
  await call('POST', '/composite/sobjects', {
    records: [account({ Name: 'E', Ext_Id__c: 'C-1' })],
  });
  const { status, body } = await call('PATCH', '/composite/sobjects/Account/Ext_Id__c', {
    allOrNone: false,
    records: [
      account({ Name: 'E updated', Ext_Id__c: 'C-1' }),
      account({ Name: 'F', Ext_Id__c: 'C-2' }),
      account({ Name: 'no value' }),
    ],
  });
  assert.equal(status, 200);
  assert.equal(body[0]!.created, false);
  assert.equal(body[0]!.success, true);
  assert.deepEqual(body[1], { id: body[1]!.id, success: true, errors: [], created: true });
  assert.equal(body[2]!.success, false);
  assert.equal((body[2]!.errors as Json[])[0]!.statusCode, 'MISSING_ARGUMENT');
  const byExt = await api.get('/sobjects/Account/Ext_Id__c/C-1?fields=Name');
  assert.equal(((await byExt.json()) as Json).Name, 'E updated');
});

test('collection upsert by Id creates rows with a null Id', async () => {
  const [a] = await createAccounts(['By Id']);
  const { body } = await call('PATCH', '/composite/sobjects/Account/Id', {
    records: [account({ Name: 'Fresh', Id: null }), account({ Name: 'By Id 2', Id: a })],
  });
  assert.equal(body[0]!.created, true);
  assert.deepEqual(body[1], { id: a, success: true, errors: [], created: false });
});

test('collection upsert with allOrNone rolls back creates and updates', async () => {
  await call('POST', '/composite/sobjects', {
    records: [account({ Name: 'R', Ext_Id__c: 'R-1' })],
  });
  const before = accountCount();
  const { body } = await call('PATCH', '/composite/sobjects/Account/Ext_Id__c', {
    allOrNone: true,
    records: [
      account({ Name: 'R changed', Ext_Id__c: 'R-1' }),
      account({ Name: 'R new', Ext_Id__c: 'R-2' }),
      account({ Ext_Id__c: 'R-3' }),
    ],
  });
  assert.equal((body[0]!.errors as Json[])[0]!.statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
  assert.ok(body[0]!.id, 'an updated row keeps its id');
  assert.equal((body[1]!.errors as Json[])[0]!.statusCode, 'ALL_OR_NONE_OPERATION_ROLLED_BACK');
  assert.equal(body[1]!.id, undefined);
  assert.equal((body[2]!.errors as Json[])[0]!.statusCode, 'REQUIRED_FIELD_MISSING');
  assert.equal(accountCount(), before);
  const r1 = await api.get('/sobjects/Account/Ext_Id__c/R-1?fields=Name');
  assert.equal(((await r1.json()) as Json).Name, 'R');
  assert.equal((await api.get('/sobjects/Account/Ext_Id__c/R-2')).status, 404);
});

test('collection upsert is not there before API 46.0', async () => {
  const old = restClient(emulator, seeded.org, seeded.standard.id, '45.0');
  const res = await old.request('PATCH', '/composite/sobjects/Account/Ext_Id__c', {
    records: [account({ Name: 'x', Ext_Id__c: 'OLD' })],
  });
  assert.equal(res.status, 404);
});

test('DELETE ?ids= deletes in order with per-id failures', async () => {
  const [a, b] = await createAccounts(['D1', 'D2']);
  const { status, body } = await call(
    'DELETE',
    `/composite/sobjects?ids=${a!},${b!},not-an-id&allOrNone=false`,
  );
  assert.equal(status, 200);
  assert.deepEqual(body[0], { id: a, success: true, errors: [] });
  assert.deepEqual(body[1], { id: b, success: true, errors: [] });
  assert.deepEqual(body[2], {
    success: false,
    errors: [{ statusCode: 'MALFORMED_ID', message: 'malformed id not-an-id', fields: [] }],
  });
  const again = await call('DELETE', `/composite/sobjects?ids=${a!}`);
  assert.equal((again.body[0]!.errors as Json[])[0]!.statusCode, 'ENTITY_IS_DELETED');
});

test('DELETE with allOrNone restores deleted records in place', async () => {
  const [a, b] = await createAccounts(['Keep1', 'Keep2']);
  const order = [...seeded.org.tables.get('Account')!.rows.keys()];
  const { body } = await call(
    'DELETE',
    `/composite/sobjects?ids=${a!},${b!},001000000000000AAA&allOrNone=true`,
  );
  assert.deepEqual(body[0], { id: a, success: false, errors: [ROLLED_BACK] });
  assert.deepEqual(body[1], { id: b, success: false, errors: [ROLLED_BACK] });
  assert.equal((body[2]!.errors as Json[])[0]!.statusCode, 'ENTITY_IS_DELETED');
  assert.deepEqual([...seeded.org.tables.get('Account')!.rows.keys()], order);
  const record = (await (await api.get(`/sobjects/Account/${a!}`)).json()) as Json;
  assert.equal(record.IsDeleted, false);
  assert.equal(seeded.org.tables.get('Account')!.recycleBin.has(a!), false);
});

test('DELETE checks access per row', async () => {
  const admin = restClient(emulator, seeded.org, seeded.admin.id, '58.0');
  const res = await admin.request('POST', '/sobjects/Campaign', { Name: 'C' });
  const { id } = (await res.json()) as { id: string };
  const { body } = await call('DELETE', `/composite/sobjects?ids=${id}`);
  assert.equal((body[0]!.errors as Json[])[0]!.statusCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
});

test('GET /composite/sobjects/X?ids=&fields= retrieves in order, null when not found', async () => {
  const [a, b] = await createAccounts(['G1', 'G2']);
  const res = await api.get(
    `/composite/sobjects/Account?ids=${b!},001000000000000AAA,${a!}&fields=Name`,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), [
    {
      attributes: { type: 'Account', url: `/services/data/v58.0/sobjects/Account/${b!}` },
      Name: 'G2',
      Id: b,
    },
    null,
    {
      attributes: { type: 'Account', url: `/services/data/v58.0/sobjects/Account/${a!}` },
      Name: 'G1',
      Id: a,
    },
  ]);
});

test('POST /composite/sobjects/X retrieves with ids and fields in the body', async () => {
  const [a] = await createAccounts(['P1']);
  const res = await api.request('POST', '/composite/sobjects/Account', {
    ids: [a],
    fields: ['Id', 'Name'],
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as Json[];
  assert.equal(body[0]!.Name, 'P1');
  assert.deepEqual(Object.keys(body[0]!), ['attributes', 'Id', 'Name']);
});

test('malformed collection requests are 400 with errorCode', async () => {
  for (const body of [{ records: 'nope' }, [account({ Name: 'x' })], { records: [1] }]) {
    const res = await call('POST', '/composite/sobjects', body);
    assert.equal(res.status, 400);
    assert.equal(res.body[0]!.errorCode, 'JSON_PARSER_ERROR');
  }
  const missing = await call('POST', '/composite/sobjects', { allOrNone: true });
  assert.equal(missing.status, 400);
  const noFields = await api.get('/composite/sobjects/Account?ids=001000000000000AAA');
  assert.equal(noFields.status, 400);
  const badField = await api.get('/composite/sobjects/Account?ids=001000000000000AAA&fields=Nope');
  assert.equal(badField.status, 400);
  assert.equal(((await badField.json()) as Json[])[0]!.errorCode, 'INVALID_FIELD');
});
