import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { addLookupField, restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);
addLookupField(emulator, seeded.org, 'Account', 'Ext_Id__c');
// A non-unique External ID field: the only way one value can match several records.
addLookupField(emulator, seeded.org, 'Account', 'Legacy_Code__c', { unique: false });
const api = restClient(emulator, seeded.org, seeded.standard.id, '58.0');
const v45 = restClient(emulator, seeded.org, seeded.standard.id, '45.0');

type Json = Record<string, unknown>;

async function upsert(client: typeof api, path: string, body: Json) {
  const res = await client.request('PATCH', path, body);
  const text = await res.text();
  return { res, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

test('upsert of a new external id creates: 201 with created true and Location', async () => {
  const { res, body } = await upsert(api, '/sobjects/Account/Ext_Id__c/NEW-1', { Name: 'New' });
  assert.equal(res.status, 201);
  const { id } = body as { id: string };
  assert.deepEqual(body, { id, success: true, errors: [], created: true });
  assert.equal(res.headers.get('location'), `/services/data/v58.0/sobjects/Account/${id}`);
  const record = (await (await api.get(`/sobjects/Account/${id}`)).json()) as Json;
  assert.equal(record.Ext_Id__c, 'NEW-1');
  assert.equal(record.Name, 'New');
});

test('upsert of an existing external id updates: 200 with created false from API 46.0', async () => {
  const first = await upsert(api, '/sobjects/Account/Ext_Id__c/UPD-1', { Name: 'One' });
  const { id } = first.body as { id: string };
  // External ids match case-insensitively.
  const { res, body } = await upsert(api, '/sobjects/Account/Ext_Id__c/upd-1', { Name: 'Two' });
  assert.equal(res.status, 200);
  assert.deepEqual(body, { id, success: true, errors: [], created: false });
  assert.equal(res.headers.get('location'), `/services/data/v58.0/sobjects/Account/${id}`);
  const record = (await (await api.get(`/sobjects/Account/${id}?fields=Name`)).json()) as Json;
  assert.equal(record.Name, 'Two');
});

test('upsert update answers 204 without a body on API 45.0', async () => {
  await upsert(v45, '/sobjects/Account/Ext_Id__c/OLD-1', { Name: 'One' });
  const { res, body } = await upsert(v45, '/sobjects/Account/Ext_Id__c/OLD-1', { Name: 'Two' });
  assert.equal(res.status, 204);
  assert.equal(body, undefined);
  assert.match(
    res.headers.get('location') ?? '',
    /^\/services\/data\/v45\.0\/sobjects\/Account\/001/,
  );
});

test('several matching records answer 300 with their URLs', async () => {
  const a = await api.request('POST', '/sobjects/Account', { Name: 'A', Legacy_Code__c: 'DUP' });
  const b = await api.request('POST', '/sobjects/Account', { Name: 'B' });
  const ids = [((await a.json()) as Json).id, ((await b.json()) as Json).id] as string[];
  // The data layer indexes every External ID field as unique, so the duplicate is stored directly.
  seeded.org.tables.get('Account')!.rows.get(ids[1]!)!.Legacy_Code__c = 'dup';
  const urls = ids.map((id) => `/services/data/v58.0/sobjects/Account/${id}`);
  const { res, body } = await upsert(api, '/sobjects/Account/Legacy_Code__c/DUP', { Name: 'C' });
  assert.equal(res.status, 300);
  assert.deepEqual(body, urls);
  const get = await api.get('/sobjects/Account/Legacy_Code__c/DUP');
  assert.equal(get.status, 300);
  assert.deepEqual(await get.json(), urls);
});

test('updateOnly=true never creates: 404 when nothing matches', async () => {
  const { res, body } = await upsert(api, '/sobjects/Account/Ext_Id__c/NOPE-1?updateOnly=true', {
    Name: 'x',
  });
  assert.equal(res.status, 404);
  assert.deepEqual(body, [
    { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
  ]);
  await upsert(api, '/sobjects/Account/Ext_Id__c/ONLY-1', { Name: 'x' });
  const update = await upsert(api, '/sobjects/Account/Ext_Id__c/ONLY-1?updateOnly=true', {
    Name: 'y',
  });
  assert.equal(update.res.status, 200);
});

test('GET by external id returns the record; no match is 404', async () => {
  const created = await upsert(api, '/sobjects/Account/Ext_Id__c/GET-1', { Name: 'Got' });
  const { id } = created.body as { id: string };
  const res = await api.get('/sobjects/Account/Ext_Id__c/GET-1?fields=Name');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    attributes: { type: 'Account', url: `/services/data/v58.0/sobjects/Account/${id}` },
    Name: 'Got',
    Id: id,
  });
  assert.equal((await api.get('/sobjects/Account/Ext_Id__c/NONE')).status, 404);
});

test('DELETE by external id deletes the matching record', async () => {
  const created = await upsert(api, '/sobjects/Account/Ext_Id__c/DEL-1', { Name: 'Gone' });
  const { id } = created.body as { id: string };
  assert.equal((await api.request('DELETE', '/sobjects/Account/Ext_Id__c/DEL-1')).status, 204);
  assert.equal((await api.get(`/sobjects/Account/${id}`)).status, 404);
});

test('an unknown or non-external-id field is 404 with the field named', async () => {
  for (const field of ['Nope__c', 'Name']) {
    const { res, body } = await upsert(api, `/sobjects/Account/${field}/x`, { Name: 'x' });
    assert.equal(res.status, 404);
    assert.deepEqual(body, [
      {
        message: `Provided external ID field does not exist or is not accessible: ${field}`,
        errorCode: 'NOT_FOUND',
      },
    ]);
  }
});

test('Id works as the external id field, and POST /sobjects/X/Id creates', async () => {
  const post = await api.request('POST', '/sobjects/Account/Id', { Name: 'Via Id', Id: null });
  assert.equal(post.status, 201);
  const { id } = (await post.json()) as { id: string };
  const { res, body } = await upsert(api, `/sobjects/Account/Id/${id}`, { Name: 'Renamed' });
  assert.equal(res.status, 200);
  assert.deepEqual(body, { id, success: true, errors: [], created: false });
  const get = await api.get(`/sobjects/Account/Id/${id}?fields=Name`);
  assert.equal(((await get.json()) as Json).Name, 'Renamed');
  const unknown = await upsert(api, '/sobjects/Account/Id/001000000000000AAA', { Name: 'x' });
  assert.equal(unknown.res.status, 404);
});

test('idLookup standard fields work: User by Username', async () => {
  const res = await api.get(`/sobjects/User/Username/${encodeURIComponent(seeded.admin.username)}`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as Json).Id, seeded.admin.id);
});

test('upsert checks access: create needs Create, update needs Edit', async () => {
  const admin = restClient(emulator, seeded.org, seeded.admin.id, '58.0');
  addLookupField(emulator, seeded.org, 'Campaign', 'Ext_Id__c');
  const create = await upsert(api, '/sobjects/Campaign/Ext_Id__c/C-1', { Name: 'x' });
  assert.equal(create.res.status, 400);
  assert.equal((create.body as Json[])[0]!.errorCode, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY');
  assert.equal(
    (await upsert(admin, '/sobjects/Campaign/Ext_Id__c/C-1', { Name: 'x' })).res.status,
    201,
  );
  const update = await upsert(api, '/sobjects/Campaign/Ext_Id__c/C-1', { Name: 'y' });
  assert.equal(update.res.status, 400);
  assert.equal((update.body as Json[])[0]!.errorCode, 'INSUFFICIENT_ACCESS_OR_READONLY');
});

test('a unique External ID value cannot be taken twice', async () => {
  await upsert(api, '/sobjects/Account/Ext_Id__c/UNIQ-1', { Name: 'x' });
  const res = await api.request('POST', '/sobjects/Account', { Name: 'y', Ext_Id__c: 'UNIQ-1' });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as Json[])[0]!.errorCode, 'DUPLICATE_VALUE');
});
