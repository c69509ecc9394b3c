import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearFaults, injectFault, listFaults, type FaultSpec } from '../../src/index.ts';
import type { Fault } from '../../src/model/fault.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

async function withFault(spec: FaultSpec, run: (fault: Fault) => Promise<void>): Promise<void> {
  const created = await control<Fault>(running, 'POST', '/faults', spec);
  assert.equal(created.status, 201);
  try {
    await run(created.body);
  } finally {
    clearFaults(emulator);
  }
}

test('a status fault answers matching requests with 503 and Salesforce body', async () => {
  await withFault({ kind: 'status', status: 503, pathPrefix: '/services/data' }, async () => {
    const res = await fetch(`${running.baseUrl}/services/data/v60.0/`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), [
      { message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' },
    ]);
  });
});

test('path prefixes match after the host prefix, and other paths are not faulted', async () => {
  const { instanceUrl } = seedBasicOrg(running, { name: 'FaultHost' });
  await withFault({ kind: 'status', status: 500, pathPrefix: '/services/data' }, async () => {
    const hit = await fetch(`${instanceUrl}/services/data/v60.0/sobjects`);
    assert.equal(hit.status, 500);
    assert.equal(
      ((await hit.json()) as Array<{ errorCode: string }>)[0]?.errorCode,
      'UNKNOWN_EXCEPTION',
    );
    const miss = await fetch(`${instanceUrl}/services/oauth2/userinfo`);
    assert.notEqual(miss.status, 500);
  });
});

test('the control API is never faulted', async () => {
  await withFault({ kind: 'status', status: 503 }, async () => {
    const res = await control<Fault[]>(running, 'GET', '/faults');
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 1);
  });
});

test('a fault with a count applies that many times and then goes away', async () => {
  injectFault(emulator, { kind: 'invalid_session', count: 2 });
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${running.baseUrl}/services/data/v60.0/limits`);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
  }
  assert.deepEqual(listFaults(emulator), []);
});

test('a latency fault delays the answer and then lets the request through', async () => {
  await withFault({ kind: 'latency', latencyMs: 300, count: 1 }, async () => {
    const started = performance.now();
    const res = await fetch(`${running.baseUrl}/no-such-path`);
    assert.ok(performance.now() - started >= 250);
    assert.equal(res.status, 404);
  });
});

test('a drop fault closes the connection without an answer', async () => {
  await withFault({ kind: 'drop', count: 1 }, async () => {
    await assert.rejects(fetch(`${running.baseUrl}/services/data/v60.0/`), TypeError);
  });
});

test('an org fault hits only that org', async () => {
  const target = seedBasicOrg(running, { name: 'FaultTarget' });
  const bystander = seedBasicOrg(running, { name: 'FaultBystander' });
  await withFault({ kind: 'status', status: 502, orgId: target.org.id }, async () => {
    const hit = await fetch(`${target.instanceUrl}/services/data/v60.0/`);
    assert.equal(hit.status, 502);
    const miss = await fetch(`${bystander.instanceUrl}/services/data/v60.0/`);
    assert.notEqual(miss.status, 502);
  });
});

test('faults are listed and cleared one by one or all at once', async () => {
  const a = injectFault(emulator, { kind: 'status', pathPrefix: '/a' });
  injectFault(emulator, { kind: 'status', pathPrefix: '/b' });
  const one = await control(running, 'DELETE', `/faults/${a.id}`);
  assert.deepEqual(one.body, { cleared: 1 });
  assert.deepEqual(
    listFaults(emulator).map((f) => f.pathPrefix),
    ['/b'],
  );
  const all = await control(running, 'DELETE', '/faults');
  assert.deepEqual(all.body, { cleared: 1 });
  const gone = await control(running, 'DELETE', `/faults/${a.id}`);
  assert.equal(gone.status, 404);
});

test('bad fault specs are refused', async () => {
  for (const body of [
    { kind: 'meteor' },
    { kind: 'status', status: 200 },
    { kind: 'status', pathPrefix: 'services' },
    { kind: 'latency', latencyMs: -5 },
    { kind: 'status', count: 0 },
    { kind: 'status', orgId: '00D000000000000AAA' },
  ]) {
    const res = await control(running, 'POST', '/faults', body);
    assert.ok([400, 404].includes(res.status), JSON.stringify(body));
  }
  assert.deepEqual(listFaults(emulator), []);
});
