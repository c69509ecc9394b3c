/**
 * Walks every route the emulator registers with hostile input — malformed JSON, deep nesting,
 * binary, XML and form junk, nonsense path parameters, with and without a session — and checks
 * that each answer comes back quickly, is never a 5xx (except SOAP faults, which Salesforce sends
 * as HTTP 500 by design), and that the server still serves a healthy request afterwards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listRoutes } from '../../src/http/server.ts';
import { CONTROL_PREFIX } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { createTestSession } from '../helpers/sessions.ts';

const running = await useEmulator();
const { org, admin } = seedBasicOrg(running);
const token = createTestSession(running.emulator, org, admin.id);

const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
const bodies: Array<{ type: string | null; body: string | Uint8Array | null }> = [
  { type: null, body: null },
  { type: 'application/json', body: '{"unterminated": ' },
  { type: 'application/json', body: deep },
  { type: 'application/json', body: '[1,"two",{"three":null},[]]' },
  { type: 'application/octet-stream', body: new Uint8Array([0, 255, 1, 254, 0, 0, 13, 10]) },
  { type: 'text/xml', body: '<soapenv:Envelope><login><username>&bogus;</username>' },
  {
    type: 'application/x-www-form-urlencoded',
    body: 'grant_type=%ZZ&&=&a[b]=c&' + 'x'.repeat(70_000),
  },
  { type: 'text/csv', body: '"Name\n"unbalanced,quote\r\n\u0000' },
];

function concretize(url: string, hostile: boolean): string {
  return url.replace(/:(\w+)|\*/g, (match, name: string | undefined) => {
    if (match === '*') return hostile ? '..%2F..%2Fetc' : 'x';
    switch (name) {
      case 'host':
        return hostile ? 'evil.example.com' : org.hostname;
      case 'version':
        return hostile ? 'v9999.9' : 'v60.0';
      case 'object':
      case 'sobject':
        return hostile ? 'Robert%27)%3B%20DROP%20TABLE' : 'Account';
      default:
        return hostile ? `${'%F0%9F%92%A9'.repeat(50)}%00` : '001000000000000AAA';
    }
  });
}

async function probe(
  method: string,
  url: string,
  body: (typeof bodies)[number],
  withToken: boolean,
) {
  const headers: Record<string, string> = {};
  if (body.type) headers['content-type'] = body.type;
  if (withToken) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${running.baseUrl}${url}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' || body.body === null ? undefined : body.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, text };
}

test('every route answers hostile input without a 5xx or a hang', async () => {
  const routes = listRoutes(running.server).filter((r) => r.method !== 'HEAD');
  assert.ok(routes.length > 50, `expected many routes, found ${routes.length}`);
  // Salesforce-facing routes first; control routes last, since some of them change state.
  const ordered = [
    ...routes.filter((r) => !r.url.startsWith(CONTROL_PREFIX)),
    ...routes.filter((r) => r.url.startsWith(CONTROL_PREFIX)),
  ];
  const failures: string[] = [];
  let probes = 0;
  for (const route of ordered) {
    for (const hostile of [false, true]) {
      const url = concretize(route.url, hostile);
      for (const body of bodies) {
        for (const withToken of [true, false]) {
          const { status, text } = await probe(route.method, url, body, withToken);
          probes += 1;
          const soapFault = status === 500 && /Fault>/.test(text);
          if (status >= 500 && !soapFault) {
            failures.push(
              `${route.method} ${url} [${body.type ?? 'no body'}] → ${status} ${text.slice(0, 120)}`,
            );
          }
        }
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${probes} probes failed`);
  const healthy = await fetch(
    `${running.baseUrl}/${org.hostname}/services/data/v60.0/sobjects/Account/describe`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  assert.equal(healthy.status, 200);
});
