import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectedApp } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import {
  assertOAuthError,
  CALLBACK,
  identityStatus,
  refresh,
  webFlowTokens,
  type TokenBody,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;
const HOUR = 3_600_000;

function appWith(options: Partial<Parameters<typeof emulator.createApp>[0]> = {}): ConnectedApp {
  return emulator.createApp({ name: 'Policy App', callbackUrls: [CALLBACK], ...options });
}

async function refreshed(app: ConnectedApp, token: string, extra = {}): Promise<TokenBody> {
  const response = await refresh(running.loginUrl, app, token, extra);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as TokenBody;
}

test('a refresh returns a new access token and no refresh token', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const body = await refreshed(app, tokens.refresh_token!);
  assert.deepEqual(Object.keys(body), [
    'access_token',
    'signature',
    'scope',
    'instance_url',
    'id',
    'token_type',
    'issued_at',
  ]);
  assert.notEqual(body.access_token, tokens.access_token);
  assert.equal(body.scope, 'api refresh_token id');
  assert.equal(await identityStatus(body.id!, body.access_token!), 200);
});

test('a code_verifier sent with a refresh is ignored', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  await refreshed(app, tokens.refresh_token!, { code_verifier: 'whatever' });
});

test('the consumer secret is required for refresh when the app says so', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!, { client_secret: '' }),
    'invalid_client',
    'invalid client credentials',
  );
  app.requireSecretForRefresh = false;
  await refreshed(app, tokens.refresh_token!, { client_secret: '' });
});

test('a wrong secret fails the refresh even when the secret is optional', async () => {
  const app = appWith({ requireSecretForRefresh: false });
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!, { client_secret: 'nope' }),
    'invalid_client',
  );
});

test('an unknown refresh token gets expired access/refresh token', async () => {
  const { app } = seedBasicOrg(running);
  await assertOAuthError(
    await refresh(running.loginUrl, app, '5Aep861unknown'),
    'invalid_grant',
    'expired access/refresh token',
  );
});

test('a refresh updates the grant last-used time', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const grant = [...emulator.grants.values()].find((g) => g.refreshToken === tokens.refresh_token)!;
  const before = grant.lastUsedAt;
  emulator.clock.advance(1000);
  await refreshed(app, tokens.refresh_token!);
  assert.ok(grant.lastUsedAt > before);
});

test('the sixth approval evicts the least recently used one', async () => {
  const app = appWith();
  const { admin } = seedBasicOrg(running);
  const tokens: TokenBody[] = [];
  for (let i = 0; i < 5; i++) {
    tokens.push(await webFlowTokens(running.loginUrl, app, admin));
    emulator.clock.advance(1000);
  }
  // Use the oldest, so the second-oldest becomes the least recently used.
  await refreshed(app, tokens[0]!.refresh_token!);
  emulator.clock.advance(1000);
  const sixth = await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens[1]!.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
  assert.equal(await identityStatus(tokens[1]!.id!, tokens[1]!.access_token!), 403);
  const evicted = [...emulator.grants.values()].find(
    (g) => g.refreshToken === tokens[1]!.refresh_token,
  );
  assert.equal(evicted?.revokedReason, 'approval_limit');
  for (const kept of [tokens[0]!, tokens[2]!, tokens[3]!, tokens[4]!, sixth]) {
    await refreshed(app, kept.refresh_token!);
  }
});

test('with oldest eviction the sixth approval evicts the first', async () => {
  const app = appWith({ approvalEviction: 'oldest' });
  const { admin } = seedBasicOrg(running);
  const tokens: TokenBody[] = [];
  for (let i = 0; i < 5; i++) {
    tokens.push(await webFlowTokens(running.loginUrl, app, admin));
    emulator.clock.advance(1000);
  }
  await refreshed(app, tokens[0]!.refresh_token!);
  await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens[0]!.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
  await refreshed(app, tokens[1]!.refresh_token!);
});

test('approvals without a refresh token do not count towards the limit', async () => {
  const app = appWith({ maxApprovalsPerUser: 2 });
  const { admin } = seedBasicOrg(running);
  const a = await webFlowTokens(running.loginUrl, app, admin);
  const b = await webFlowTokens(running.loginUrl, app, admin);
  await webFlowTokens(running.loginUrl, app, admin, 'api id');
  await refreshed(app, a.refresh_token!);
  await refreshed(app, b.refresh_token!);
});

test('approvals of another user or app are not evicted', async () => {
  const app = appWith({ maxApprovalsPerUser: 1 });
  const other = appWith({ maxApprovalsPerUser: 1 });
  const { admin, standard } = seedBasicOrg(running);
  const mine = await webFlowTokens(running.loginUrl, app, admin);
  await webFlowTokens(running.loginUrl, app, standard);
  await webFlowTokens(running.loginUrl, other, admin);
  await refreshed(app, mine.refresh_token!);
});

test('with rotation every refresh returns a new refresh token and the old one stops working', async () => {
  const app = appWith({ rotateRefreshTokens: true });
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const first = await refreshed(app, tokens.refresh_token!);
  assert.ok(first.refresh_token?.startsWith('5Aep861'));
  assert.notEqual(first.refresh_token, tokens.refresh_token);
  assert.deepEqual(Object.keys(first).slice(0, 3), ['access_token', 'refresh_token', 'signature']);
  const second = await refreshed(app, first.refresh_token!);
  assert.notEqual(second.refresh_token, first.refresh_token);
});

test('reusing a rotated-out refresh token revokes the whole grant', async () => {
  const app = appWith({ rotateRefreshTokens: true });
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const next = await refreshed(app, tokens.refresh_token!);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
  await assertOAuthError(
    await refresh(running.loginUrl, app, next.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
  assert.equal(await identityStatus(next.id!, next.access_token!), 403);
  const grant = [...emulator.grants.values()].find((g) => g.refreshToken === next.refresh_token);
  assert.equal(grant?.revokedReason, 'reuse');
});

test('expire_after ends the refresh token that long after the approval', async () => {
  const app = appWith({ refreshTokenPolicy: { kind: 'expire_after', ms: 10 * HOUR } });
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  emulator.clock.advance(9 * HOUR);
  await refreshed(app, tokens.refresh_token!);
  emulator.clock.advance(2 * HOUR);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
});

test('expire_if_unused ends the refresh token after that long without use', async () => {
  const app = appWith({ refreshTokenPolicy: { kind: 'expire_if_unused', ms: 10 * HOUR } });
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  emulator.clock.advance(9 * HOUR);
  await refreshed(app, tokens.refresh_token!);
  emulator.clock.advance(9 * HOUR);
  await refreshed(app, tokens.refresh_token!);
  emulator.clock.advance(11 * HOUR);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
});

test('until_revoked refresh tokens outlive long idleness', async () => {
  const app = appWith();
  const { admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  emulator.clock.advance(400 * 24 * HOUR);
  await refreshed(app, tokens.refresh_token!);
});

test('an access token expires after the session timeout of inactivity; the refresh token still works', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  org.settings.sessionTimeoutMs = HOUR;
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  emulator.clock.advance(HOUR / 2);
  assert.equal(await identityStatus(tokens.id!, tokens.access_token!), 200);
  emulator.clock.advance(HOUR / 2 + 1000);
  assert.equal(
    await identityStatus(tokens.id!, tokens.access_token!),
    200,
    'activity slid the timeout',
  );
  emulator.clock.advance(HOUR + 1000);
  assert.equal(await identityStatus(tokens.id!, tokens.access_token!), 403);
  const body = await refreshed(app, tokens.refresh_token!);
  assert.equal(await identityStatus(body.id!, body.access_token!), 200);
});

test('refresh for a deactivated user fails with inactive user', async () => {
  const { app, standard, org } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, standard);
  org.tables.get('User')!.rows.get(standard.id)!.IsActive = false;
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'inactive user',
  );
});

test('a password reset does not revoke refresh tokens', async () => {
  const { app, standard, org } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, standard);
  const secret = org.secrets.get(standard.id)!;
  org.secrets.set(standard.id, { ...secret, password: 'Reset-12345', securityToken: 'NEWTOKEN' });
  await refreshed(app, tokens.refresh_token!);
});

test('refresh answers with the current My Domain as instance_url', async () => {
  const { app, admin, org } = seedBasicOrg(running, { name: 'Renamed Corp' });
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  emulator.orgsByHostname.delete(org.hostname);
  org.myDomain = `${org.myDomain}-new`;
  org.hostname = `${org.myDomain}.my.salesforce.com`;
  emulator.orgsByHostname.set(org.hostname, org);
  const body = await refreshed(app, tokens.refresh_token!);
  assert.equal(body.instance_url, `${running.baseUrl}/${org.hostname}`);
});

test('refresh outside login hours fails with IP restricted or invalid login hours', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  org.settings.loginHoursOpen = false;
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'IP restricted or invalid login hours',
  );
});

test("a refresh token of one app does not work with another app's credentials", async () => {
  const { app, admin } = seedBasicOrg(running);
  const other = appWith();
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await refresh(running.loginUrl, other, tokens.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
});

test('a sandbox refresh token works at test.salesforce.com and not at login.salesforce.com', async () => {
  const { app, admin } = seedBasicOrg(running, { sandbox: true });
  const tokens = await webFlowTokens(running.sandboxLoginUrl, app, admin);
  assert.ok(tokens.id!.startsWith(`${running.sandboxLoginUrl}/id/`));
  const ok = await refresh(running.sandboxLoginUrl, app, tokens.refresh_token!);
  assert.equal(ok.status, 200);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
  );
});
