import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);
const api = restClient(emulator, seeded.org, seeded.admin.id, '58.0');

const created = await api.request('POST', '/sobjects/Account', { Name: 'Target' });
const { id } = (await created.json()) as { id: string };

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  status: number;
  errorCode: string;
}

const nested = JSON.stringify({ Name: { a: [{ b: { c: 'deep' } }] } });

const CASES: Case[] = [
  {
    name: 'unknown object',
    method: 'GET',
    path: '/sobjects/Xyzzy/describe',
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'unknown object create',
    method: 'POST',
    path: '/sobjects/Xyzzy',
    body: '{}',
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/sobjects/Account',
    body: '{"Name":',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'array body',
    method: 'POST',
    path: '/sobjects/Account',
    body: '[{"Name":"x"}]',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'bare string body',
    method: 'POST',
    path: '/sobjects/Account',
    body: '"Name"',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'no body',
    method: 'POST',
    path: '/sobjects/Account',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'empty JSON body',
    method: 'PATCH',
    path: `/sobjects/Account/${id}`,
    body: '',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'not JSON',
    method: 'POST',
    path: '/sobjects/Account',
    body: '<Name>x</Name>',
    contentType: 'application/xml',
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'text body',
    method: 'POST',
    path: '/sobjects/Account',
    body: 'Name=x',
    contentType: 'text/plain',
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'number for a string',
    method: 'POST',
    path: '/sobjects/Account',
    body: '{"Name":"x","NumberOfEmployees":"many"}',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'object for a string',
    method: 'POST',
    path: '/sobjects/Account',
    body: nested,
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'bad date',
    method: 'POST',
    path: '/sobjects/Opportunity',
    body: '{"Name":"o","StageName":"Prospecting","CloseDate":"soon"}',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'read-only field',
    method: 'PATCH',
    path: `/sobjects/Account/${id}`,
    body: '{"LastActivityDate":"2024-01-01"}',
    status: 400,
    errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
  },
  {
    name: 'bad reference id',
    method: 'PATCH',
    path: `/sobjects/Account/${id}`,
    body: '{"ParentId":"zzz"}',
    status: 400,
    errorCode: 'MALFORMED_ID',
  },
  {
    name: 'too long string',
    method: 'PATCH',
    path: `/sobjects/Account/${id}`,
    body: JSON.stringify({ Name: 'x'.repeat(300) }),
    status: 400,
    errorCode: 'STRING_TOO_LONG',
  },
  {
    name: 'invalid id',
    method: 'GET',
    path: '/sobjects/Account/%27%3B--',
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'id of another object',
    method: 'DELETE',
    path: `/sobjects/Contact/${id}`,
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'bad version',
    method: 'GET',
    path: '/services/data/vNaN/sobjects',
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'future version',
    method: 'GET',
    path: '/services/data/v99.0/sobjects',
    status: 404,
    errorCode: 'NOT_FOUND',
  },
  {
    name: 'collection of junk',
    method: 'POST',
    path: '/composite/sobjects',
    body: '{"records":[null]}',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'collection allOrNone junk',
    method: 'POST',
    path: '/composite/sobjects',
    body: '{"allOrNone":{},"records":[]}',
    status: 400,
    errorCode: 'JSON_PARSER_ERROR',
  },
  {
    name: 'delete without ids',
    method: 'DELETE',
    path: '/composite/sobjects',
    status: 400,
    errorCode: 'MISSING_ARGUMENT',
  },
];

for (const c of CASES) {
  test(`bad input answers ${c.status} ${c.errorCode}: ${c.name}`, async () => {
    const headers: Record<string, string> = {};
    if (c.body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
    const res = await api.request(c.method, c.path, c.body, headers);
    assert.equal(res.status, c.status);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json;charset=UTF-8$/);
    const body = (await res.json()) as Array<{ errorCode: string; message: string }>;
    assert.ok(Array.isArray(body));
    assert.equal(body[0]!.errorCode, c.errorCode);
    assert.equal(typeof body[0]!.message, 'string');
  });
}

test('a value longer than its field is STRING_TOO_LONG', async () => {
  const huge = JSON.stringify({ Name: 'x', Description: 'y'.repeat(40_000) });
  const res = await api.request('POST', '/sobjects/Account', huge);
  assert.equal(res.status, 400);
  assert.equal(
    ((await res.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'STRING_TOO_LONG',
  );
});

test('deeply nested junk is answered, not crashed on', async () => {
  let deep = '"x"';
  for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
  const res = await api.request('POST', '/sobjects/Account', `{"Name":${deep}}`);
  assert.equal(res.status, 400);
  assert.equal(
    ((await res.json()) as Array<{ errorCode: string }>)[0]!.errorCode,
    'JSON_PARSER_ERROR',
  );
  const collection = await api.request('POST', '/composite/sobjects', `{"records":[${deep}]}`);
  assert.equal(collection.status, 400);
  const again = await api.get(`/sobjects/Account/${id}`);
  assert.equal(again.status, 200);
});
