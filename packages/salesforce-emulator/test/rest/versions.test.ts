import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { restClient } from './rest-client.ts';

const running = await useEmulator();
const { emulator } = running;
const seeded = seedBasicOrg(running);

test('GET /services/data lists every version from 31.0 with its release, without auth', async () => {
  for (const path of ['/services/data', '/services/data/']) {
    const res = await fetch(`${seeded.instanceUrl}${path}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json;charset=UTF-8$/);
    assert.equal(res.headers.get('sforce-limit-info'), null);
    const versions = (await res.json()) as Array<{ label: string; url: string; version: string }>;
    assert.deepEqual(versions[0], {
      label: "Summer '14",
      url: '/services/data/v31.0',
      version: '31.0',
    });
    assert.deepEqual(versions.at(-1), {
      label: "Spring '26",
      url: '/services/data/v66.0',
      version: '66.0',
    });
    assert.equal(versions.length, 36);
    assert.deepEqual(
      versions.filter((v) => ['32.0', '33.0', '58.0'].includes(v.version)).map((v) => v.label),
      ["Winter '15", "Spring '15", "Summer '23"],
    );
  }
});

test('the versions list is served on the pod but not on the login host', async () => {
  assert.equal((await fetch(`${running.baseUrl}/services/data/`)).status, 200);
  const login = await fetch(`${running.loginUrl}/services/data/`);
  assert.equal(login.status, 404);
});

test('GET /vXX.X/ maps resource names to paths and identity to the caller identity URL', async () => {
  const api = restClient(emulator, seeded.org, seeded.standard.id, '58.0');
  for (const path of ['/', '']) {
    const res = await api.get(path);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/15000$/);
    const map = (await res.json()) as Record<string, string>;
    assert.equal(map.sobjects, '/services/data/v58.0/sobjects');
    assert.equal(map.query, '/services/data/v58.0/query');
    assert.equal(map.queryAll, '/services/data/v58.0/queryAll');
    assert.equal(map.limits, '/services/data/v58.0/limits');
    assert.equal(map.jobs, '/services/data/v58.0/jobs');
    assert.equal(map.composite, '/services/data/v58.0/composite');
    assert.equal(map.tooling, '/services/data/v58.0/tooling');
    assert.equal(map.search, '/services/data/v58.0/search');
    assert.equal(map.recent, '/services/data/v58.0/recent');
    assert.equal(map.identity, emulator.identityUrl(seeded.org, seeded.standard.id));
  }
});

test('the resource map needs a session', async () => {
  const res = await fetch(`${seeded.instanceUrl}/services/data/v58.0/`);
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), [
    { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
  ]);
});

test('a retired version answers 410', async () => {
  const api = restClient(emulator, seeded.org, seeded.admin.id);
  const res = await api.get('/services/data/v30.0/sobjects');
  assert.equal(res.status, 410);
});
