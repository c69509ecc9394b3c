import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  createConnectedApp,
  setClientCredentialsUser,
  setPreAuthorizedUsers,
  updateAppPolicy,
  type ConnectedApp,
} from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

test('POST /apps registers an app and returns a generated consumer key and secret', async () => {
  const res = await control<ConnectedApp>(running, 'POST', '/apps', {
    name: 'Generated',
    callbackUrls: ['https://app.example/callback'],
  });
  assert.equal(res.status, 201);
  assert.match(res.body.consumerKey, /^3MVG9[A-Za-z0-9]{80}$/);
  assert.match(res.body.consumerSecret, /^[0-9A-F]{64}$/);
  assert.equal(emulator.findAppByConsumerKey(res.body.consumerKey)?.id, res.body.id);
});

test('every app option can be set at creation', async () => {
  const res = await control<ConnectedApp>(running, 'POST', '/apps', {
    name: 'Everything',
    consumerKey: '3MVG9fixedEverythingKey',
    consumerSecret: 'fixed-everything-secret',
    callbackUrls: ['http://localhost:5000/cb'],
    scopes: ['api', 'refresh_token', 'openid'],
    certificatePem: publicKeyPem,
    adminApprovedOnly: true,
    requireSecretForRefresh: false,
    requirePkce: true,
    rotateRefreshTokens: true,
    refreshTokenPolicy: { kind: 'expire_if_unused', ms: 86_400_000 },
    approvalEviction: 'oldest',
    maxApprovalsPerUser: 2,
    relaxIpRestrictions: true,
  });
  assert.equal(res.status, 201);
  const app = emulator.apps.get(res.body.id)!;
  assert.equal(app.consumerKey, '3MVG9fixedEverythingKey');
  assert.equal(app.consumerSecret, 'fixed-everything-secret');
  assert.deepEqual(app.scopes, ['api', 'refresh_token', 'openid']);
  assert.equal(app.certificatePem, publicKeyPem);
  assert.deepEqual(
    [app.adminApprovedOnly, app.requireSecretForRefresh, app.requirePkce, app.rotateRefreshTokens],
    [true, false, true, true],
  );
  assert.deepEqual(app.refreshTokenPolicy, { kind: 'expire_if_unused', ms: 86_400_000 });
  assert.equal(app.approvalEviction, 'oldest');
  assert.equal(app.maxApprovalsPerUser, 2);
  assert.equal(app.relaxIpRestrictions, true);
});

test('bad app options are refused with 400', async () => {
  createConnectedApp(emulator, { name: 'Holder', consumerKey: '3MVG9takenKeyForTest' });
  for (const body of [
    { callbackUrls: ['x'] },
    { name: 'Dup', consumerKey: '3MVG9takenKeyForTest' },
    { name: 'Scope', scopes: ['teleport'] },
    { name: 'Cert', certificatePem: 'not a pem' },
    { name: 'Policy', refreshTokenPolicy: { kind: 'expire_after' } },
    { name: 'Eviction', approvalEviction: 'random' },
    { name: 'Unknown', colour: 'blue' },
  ]) {
    const res = await control(running, 'POST', '/apps', body);
    assert.equal(res.status, 400, JSON.stringify(body));
  }
});

test('GET /apps lists apps and GET /apps/:key finds one by consumer key', async () => {
  const app = createConnectedApp(emulator, { name: 'Findable', consumerKey: '3MVG9findableKey' });
  const list = await control<ConnectedApp[]>(running, 'GET', '/apps');
  assert.ok(list.body.some((a) => a.id === app.id));
  const one = await control<ConnectedApp>(running, 'GET', '/apps/3MVG9findableKey');
  assert.equal(one.status, 200);
  assert.equal(one.body.id, app.id);
  const missing = await control(running, 'GET', '/apps/3MVG9nothingHere');
  assert.equal(missing.status, 404);
});

test('PATCH /apps/:id changes OAuth policies', async () => {
  const app = createConnectedApp(emulator, { name: 'Policies' });
  const res = await control<ConnectedApp>(running, 'PATCH', `/apps/${app.id}`, {
    refreshTokenPolicy: { kind: 'expire_after', ms: 3_600_000 },
    rotateRefreshTokens: true,
    approvalEviction: 'oldest',
    maxApprovalsPerUser: 1,
    adminApprovedOnly: true,
    certificatePem: publicKeyPem,
    callbackUrls: ['http://127.0.0.1:7000/cb'],
    requireSecretForRefresh: false,
    requirePkce: true,
    relaxIpRestrictions: true,
  });
  assert.equal(res.status, 200);
  const stored = emulator.apps.get(app.id)!;
  assert.deepEqual(stored.refreshTokenPolicy, { kind: 'expire_after', ms: 3_600_000 });
  assert.equal(stored.rotateRefreshTokens, true);
  assert.equal(stored.maxApprovalsPerUser, 1);
  assert.deepEqual(stored.callbackUrls, ['http://127.0.0.1:7000/cb']);
  assert.equal(stored.requirePkce, true);
  updateAppPolicy(emulator, app.id, { certificatePem: null, requirePkce: false });
  assert.equal(stored.certificatePem, null);
  assert.equal(stored.requirePkce, false);
  const renamed = await control(running, 'PATCH', `/apps/${app.id}`, { name: 'New name' });
  assert.equal(renamed.status, 400);
});

test('pre-authorized users and the client-credentials run-as user are set per org', async () => {
  const { org, admin, integration } = seedBasicOrg(running, { name: 'PerOrg' });
  const app = createConnectedApp(emulator, { name: 'Per org', adminApprovedOnly: true });
  const pre = await control<ConnectedApp>(
    running,
    'PUT',
    `/apps/${app.id}/orgs/${org.id}/pre-authorized-users`,
    { usernames: [admin.username, integration.id] },
  );
  assert.equal(pre.status, 200);
  assert.deepEqual(emulator.apps.get(app.id)!.preAuthorizedUsers[org.id], [
    admin.username,
    integration.username,
  ]);
  const runAs = await control(
    running,
    'PUT',
    `/apps/${app.id}/orgs/${org.id}/client-credentials-user`,
    { user: integration.username },
  );
  assert.equal(runAs.status, 200);
  assert.equal(emulator.apps.get(app.id)!.clientCredentialsUser[org.id], integration.id);
  setClientCredentialsUser(emulator, app.id, org.id, null);
  assert.equal(emulator.apps.get(app.id)!.clientCredentialsUser[org.id], undefined);
  setPreAuthorizedUsers(emulator, app.id, org.id, []);
  assert.equal(emulator.apps.get(app.id)!.preAuthorizedUsers[org.id], undefined);
  const stranger = await control(
    running,
    'PUT',
    `/apps/${app.id}/orgs/${org.id}/pre-authorized-users`,
    { usernames: ['nobody@nowhere.example'] },
  );
  assert.equal(stranger.status, 404);
});
