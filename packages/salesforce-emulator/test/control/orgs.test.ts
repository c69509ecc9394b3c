import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ControlError,
  createOrg,
  describeOrg,
  listOrgs,
  setOrgSettings,
  type OrgSummary,
} from '../../src/index.ts';
import { useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('POST /orgs creates an org with its My Domain and settings', async () => {
  const res = await control<OrgSummary>(running, 'POST', '/orgs', {
    name: 'Globex',
    myDomain: 'globex-http',
    edition: 'Enterprise Edition',
    settings: { usernamePasswordFlowBlocked: true, dailyApiRequests: 100 },
  });
  assert.equal(res.status, 201);
  assert.match(res.body.id, /^00D[a-zA-Z0-9]{15}$/);
  assert.equal(res.body.hostname, 'globex-http.my.salesforce.com');
  assert.equal(res.body.instanceUrl, `${running.baseUrl}/globex-http.my.salesforce.com`);
  assert.equal(res.body.loginUrl, running.loginUrl);
  assert.equal(res.body.edition, 'Enterprise Edition');
  assert.equal(res.body.settings.usernamePasswordFlowBlocked, true);
  assert.equal(res.body.settings.dailyApiRequests, 100);
  assert.equal(res.body.settings.passwordExpiryDays, 90);
  assert.ok(emulator.orgsByHostname.has('globex-http.my.salesforce.com'));
});

test('a sandbox org lives on sandbox.my.salesforce.com and logs in at test.salesforce.com', async () => {
  const res = await control<OrgSummary>(running, 'POST', '/orgs', {
    name: 'Globex Dev',
    sandbox: true,
    sandboxName: 'globex--dev',
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.hostname, 'globex--dev.sandbox.my.salesforce.com');
  assert.equal(res.body.isSandbox, true);
  assert.equal(res.body.loginUrl, running.sandboxLoginUrl);
});

test('an explicit My Domain that is taken is refused with 400', async () => {
  createOrg(emulator, { name: 'Taken', myDomain: 'taken-domain' });
  const res = await control(running, 'POST', '/orgs', { myDomain: 'taken-domain' });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error: {
      code: 'invalid_request',
      message: 'My Domain taken-domain.my.salesforce.com is taken',
    },
  });
});

test('GET /orgs lists every org and GET /orgs/:id summarises one', async () => {
  const org = createOrg(emulator, { name: 'Listed Org' });
  emulator.createUser(org.id, {
    username: 'admin@listed.example',
    profile: 'System Administrator',
  });
  const list = await control<OrgSummary[]>(running, 'GET', '/orgs');
  assert.equal(list.status, 200);
  assert.ok(list.body.some((o) => o.id === org.id));
  assert.equal(list.body.length, listOrgs(emulator).length);
  const one = await control<OrgSummary>(running, 'GET', `/orgs/${org.id.slice(0, 15)}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.id, org.id);
  assert.deepEqual(one.body.users, { total: 1, active: 1 });
  assert.equal(one.body.records.Profile?.live, 3);
  assert.deepEqual(one.body.apiUsage, { used: 0, max: 15000 });
});

test('an unknown org is 404 in the control error shape', async () => {
  const res = await control(running, 'GET', '/orgs/00D000000000000AAA');
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, {
    error: { code: 'not_found', message: 'no org 00D000000000000AAA' },
  });
  assert.throws(() => describeOrg(emulator, 'nope'), ControlError);
});

test('PATCH /orgs/:id/settings changes only the named settings', async () => {
  const org = createOrg(emulator, { name: 'Settings Org' });
  const res = await control(running, 'PATCH', `/orgs/${org.id}/settings`, {
    passwordExpiryDays: 30,
    trustedIpRanges: [{ start: '10.0.0.0', end: '10.0.0.255' }],
    apiEnabled: false,
    loginHoursOpen: false,
    sessionTimeoutMs: 900000,
  });
  assert.equal(res.status, 200);
  const settings = emulator.requireOrg(org.id).settings;
  assert.equal(settings.passwordExpiryDays, 30);
  assert.deepEqual(settings.trustedIpRanges, [{ start: '10.0.0.0', end: '10.0.0.255' }]);
  assert.equal(settings.apiEnabled, false);
  assert.equal(settings.loginHoursOpen, false);
  assert.equal(settings.sessionTimeoutMs, 900000);
  assert.equal(settings.dailyApiRequests, 15000);
  setOrgSettings(emulator, org.id, { usernamePasswordFlowBlocked: true });
  assert.equal(settings.usernamePasswordFlowBlocked, true);
});

test('bad settings are refused with 400 and change nothing', async () => {
  const org = createOrg(emulator, { name: 'Bad Settings Org' });
  for (const body of [
    { passwordExpiryDays: -1 },
    { trustedIpRanges: [{ start: '10.0.0.300', end: '10.0.0.1' }] },
    { apiEnabled: 'no' },
    { noSuchSetting: true },
  ]) {
    const res = await control<{ error: { code: string } }>(
      running,
      'PATCH',
      `/orgs/${org.id}/settings`,
      body,
    );
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'invalid_request');
  }
  assert.equal(emulator.requireOrg(org.id).settings.passwordExpiryDays, 90);
});

test('malformed JSON and unknown control paths answer in the control error shape', async () => {
  const bad = await fetch(`${running.baseUrl}/__emulator/orgs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"name":',
  });
  assert.equal(bad.status, 400);
  const badBody = (await bad.json()) as { error: { code: string } };
  assert.equal(badBody.error.code, 'invalid_request');
  const missing = await control(running, 'GET', '/no-such-thing');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, {
    error: { code: 'not_found', message: 'no control endpoint GET /__emulator/no-such-thing' },
  });
});

test('GET /__emulator describes where the emulator is', async () => {
  const res = await control<{ baseUrl: string; loginUrl: string; controlUrl: string }>(
    running,
    'GET',
    '/',
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.baseUrl, running.baseUrl);
  assert.equal(res.body.loginUrl, running.loginUrl);
  assert.equal(res.body.controlUrl, `${running.baseUrl}/__emulator`);
});
