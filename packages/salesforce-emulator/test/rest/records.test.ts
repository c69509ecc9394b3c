import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);
const admin = restClient(emulator, seeded.org, seeded.admin.id, '58.0');
const standard = restClient(emulator, seeded.org, seeded.standard.id, '58.0');
const integration = restClient(emulator, seeded.org, seeded.integration.id, '58.0');

type Json = Record<string, unknown>;

const NOT_FOUND = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];

async function createAccount(client: typeof admin, body: Json = { Name: 'Acme' }) {
  const res = await client.request('POST', '/sobjects/Account', body);
  assert.equal(res.status, 201);
  return ((await res.json()) as { id: string }).id;
}

test('POST /sobjects/X creates: 201, save result and Location', async () => {
  const res = await standard.request('POST', '/sobjects/Account/', { Name: 'Create Co' });
  assert.equal(res.status, 201);
  const body = (await res.json()) as { id: string };
  assert.match(body.id, /^001[A-Za-z0-9]{15}$/);
  assert.deepEqual(body, { id: body.id, success: true, errors: [] });
  assert.equal(res.headers.get('location'), `/services/data/v58.0/sobjects/Account/${body.id}`);
});

test('GET returns attributes first, every field in schema order, and audit fields', async () => {
  const id = await createAccount(standard, { Name: 'Read Co', NumberOfEmployees: 12 });
  const res = await standard.get(`/sobjects/Account/${id}`);
  assert.equal(res.status, 200);
  const record = (await res.json()) as Json;
  const keys = Object.keys(record);
  assert.equal(keys[0], 'attributes');
  assert.deepEqual(
    keys.slice(1),
    seeded.org.schema.get('Account')!.fields.map((f) => f.name),
  );
  assert.deepEqual(record.attributes, {
    type: 'Account',
    url: `/services/data/v58.0/sobjects/Account/${id}`,
  });
  assert.equal(record.Name, 'Read Co');
  assert.equal(record.NumberOfEmployees, 12);
  assert.equal(record.OwnerId, seeded.standard.id);
  assert.equal(record.CreatedById, seeded.standard.id);
  assert.equal(record.IsDeleted, false);
  assert.match(String(record.CreatedDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/);
  assert.equal(record.SystemModstamp, record.CreatedDate);
});

test('GET with ?fields= returns those fields, then Id', async () => {
  const id = await createAccount(standard, { Name: 'Fields Co', Phone: '555' });
  const res = await standard.get(`/sobjects/Account/${id}?fields=phone,Name`);
  assert.deepEqual(await res.json(), {
    attributes: { type: 'Account', url: `/services/data/v58.0/sobjects/Account/${id}` },
    Phone: '555',
    Name: 'Fields Co',
    Id: id,
  });
  const bad = await standard.get(`/sobjects/Account/${id}?fields=Nope`);
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as Json[])[0]!.errorCode, 'INVALID_FIELD');
});

test('GET accepts a 15-character id', async () => {
  const id = await createAccount(standard);
  const res = await standard.get(`/sobjects/Account/${id.slice(0, 15)}`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as Json).Id, id);
});

test('PATCH updates (204) and bumps LastModified; DELETE removes (204)', async () => {
  const id = await createAccount(admin, { Name: 'Before' });
  const created = (await (await admin.get(`/sobjects/Account/${id}`)).json()) as Json;
  emulator.clock.advance(5000);
  const patch = await standard.request('PATCH', `/sobjects/Account/${id}`, {
    Name: 'After',
    attributes: { type: 'Account' },
  });
  assert.equal(patch.status, 204);
  assert.equal(await patch.text(), '');
  const updated = (await (await admin.get(`/sobjects/Account/${id}`)).json()) as Json;
  assert.equal(updated.Name, 'After');
  assert.equal(updated.LastModifiedById, seeded.standard.id);
  assert.equal(updated.CreatedById, seeded.admin.id);
  assert.notEqual(updated.LastModifiedDate, created.LastModifiedDate);
  assert.equal(updated.CreatedDate, created.CreatedDate);
  const del = await standard.request('DELETE', `/sobjects/Account/${id}`);
  assert.equal(del.status, 204);
});

test('a deleted record is not found for GET and 404 ENTITY_IS_DELETED for PATCH and DELETE', async () => {
  const id = await createAccount(admin);
  assert.equal((await admin.request('DELETE', `/sobjects/Account/${id}`)).status, 204);
  const expected = [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }];
  const get = await admin.get(`/sobjects/Account/${id}`);
  assert.equal(get.status, 404);
  assert.deepEqual(await get.json(), NOT_FOUND);
  const patch = await admin.request('PATCH', `/sobjects/Account/${id}`, { Name: 'x' });
  assert.equal(patch.status, 404);
  assert.deepEqual(await patch.json(), expected);
  const del = await admin.request('DELETE', `/sobjects/Account/${id}`);
  assert.equal(del.status, 404);
  assert.deepEqual(await del.json(), expected);
});

test('a missing record is 404 NOT_FOUND', async () => {
  const missing = '001000000000000AAA';
  for (const method of ['GET', 'PATCH', 'DELETE']) {
    const res = await admin.request(
      method,
      `/sobjects/Account/${missing}`,
      method === 'PATCH' ? {} : undefined,
    );
    assert.equal(res.status, 404, method);
    assert.deepEqual(await res.json(), NOT_FOUND);
  }
  const otherObject = await admin.get(`/sobjects/Contact/${await createAccount(admin)}`);
  assert.equal(otherObject.status, 404);
});

test('a segment that is not an id is read as an external id field', async () => {
  const res = await admin.get('/sobjects/Account/not-an-id');
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), [
    {
      message: 'Provided external ID field does not exist or is not accessible: not-an-id',
      errorCode: 'NOT_FOUND',
    },
  ]);
});

test('DML validation errors come back with Salesforce codes and fields', async () => {
  const missing = await admin.request('POST', '/sobjects/Account', { Phone: '1' });
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), [
    {
      message: 'Required fields are missing: [Name]',
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Name'],
    },
  ]);
  const unknown = await admin.request('POST', '/sobjects/Account', { Name: 'x', Bogus__c: 1 });
  assert.equal(unknown.status, 400);
  assert.equal(((await unknown.json()) as Json[])[0]!.errorCode, 'INVALID_FIELD');
  const readOnly = await admin.request('POST', '/sobjects/Account', {
    Name: 'x',
    CreatedDate: '2020-01-01T00:00:00Z',
  });
  assert.equal(readOnly.status, 400);
  assert.equal(
    ((await readOnly.json()) as Json[])[0]!.errorCode,
    'INVALID_FIELD_FOR_INSERT_UPDATE',
  );
});

test('OwnerId can be set on create', async () => {
  const id = await createAccount(admin, { Name: 'Owned', OwnerId: seeded.standard.id });
  const record = (await (await admin.get(`/sobjects/Account/${id}?fields=OwnerId`)).json()) as Json;
  assert.equal(record.OwnerId, seeded.standard.id);
});

test('without create access: 400 CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', async () => {
  const res = await standard.request('POST', '/sobjects/Campaign', { Name: 'Nope' });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), [
    {
      message: 'entity type cannot be inserted: Campaign',
      errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      fields: [],
    },
  ]);
});

test('without edit or delete access: 400 INSUFFICIENT_ACCESS_OR_READONLY', async () => {
  const campaign = await admin.request('POST', '/sobjects/Campaign', { Name: 'Spring' });
  const { id } = (await campaign.json()) as { id: string };
  const expected = [
    {
      message: 'insufficient access rights on object id',
      errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      fields: [],
    },
  ];
  const patch = await standard.request('PATCH', `/sobjects/Campaign/${id}`, { Name: 'x' });
  assert.equal(patch.status, 400);
  assert.deepEqual(await patch.json(), expected);
  const del = await standard.request('DELETE', `/sobjects/Campaign/${id}`);
  assert.equal(del.status, 400);
  assert.deepEqual(await del.json(), expected);
  assert.equal((await standard.get(`/sobjects/Campaign/${id}`)).status, 200);
});

test('without read access the object does not exist: 404 NOT_FOUND', async () => {
  const id = await createAccount(admin);
  const get = await integration.get(`/sobjects/Account/${id}`);
  assert.equal(get.status, 404);
  assert.deepEqual(await get.json(), NOT_FOUND);
  const post = await integration.request('POST', '/sobjects/Account', { Name: 'x' });
  assert.equal(post.status, 404);
});

test('objects that take no such write refuse it for everyone, admins included', async () => {
  const profile = await admin.request('POST', '/sobjects/Profile', { Name: 'Mine' });
  assert.equal(profile.status, 400);
  assert.deepEqual(await profile.json(), [
    {
      message: 'entity type cannot be inserted: Profile',
      errorCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      fields: [],
    },
  ]);
  const user = await admin.request('DELETE', `/sobjects/User/${seeded.standard.id}`);
  assert.equal(user.status, 400);
  assert.equal(((await user.json()) as Json[])[0]!.message, 'entity type cannot be deleted: User');
  const organization = await admin.request('PATCH', `/sobjects/Organization/${seeded.org.id}`, {
    Name: 'x',
  });
  assert.equal(organization.status, 400);
  assert.equal(
    ((await organization.json()) as Json[])[0]!.errorCode,
    'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  );
  const read = await admin.get(`/sobjects/Organization/${seeded.org.id}`);
  assert.equal(read.status, 200);
  assert.equal(((await read.json()) as Json).Name, 'Acme');
});

test('unsupported methods on a record are 405 METHOD_NOT_ALLOWED', async () => {
  const id = await createAccount(admin);
  const res = await admin.request('PUT', `/sobjects/Account/${id}`, { Name: 'x' });
  assert.equal(res.status, 405);
  assert.deepEqual(await res.json(), [
    {
      message: "HTTP Method 'PUT' not allowed. Allowed are HEAD,GET,PATCH,DELETE",
      errorCode: 'METHOD_NOT_ALLOWED',
    },
  ]);
});
