import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clearFaults,
  deactivateUser,
  injectFault,
  revokeGrantsOfUser,
  setOrgSettings,
  updateAppPolicy,
} from '@orgbridge/salesforce-emulator';
import {
  refreshAccessToken,
  salesforceOutcome,
  type RefreshAccessTokenOptions,
} from '../../src/salesforce/index.ts';
import { authorize, failure, remember, seedOrg, useEmulator, type SeededOrg } from './support.ts';

const running = await useEmulator();

async function connected(options: { sandbox?: boolean } = {}) {
  const seeded = seedOrg(running, options);
  const tokens = await authorize(seeded);
  return { seeded, tokens };
}

function refresh(
  seeded: SeededOrg,
  refreshToken: string,
  overrides: Partial<RefreshAccessTokenOptions> = {},
) {
  return refreshAccessToken({
    baseUrl: seeded.loginUrl,
    clientId: seeded.app.consumerKey,
    clientSecret: seeded.app.consumerSecret,
    refreshToken,
    allowInsecureLoopback: true,
    ...overrides,
  }).then((tokens) => {
    remember(tokens.accessToken);
    remember(tokens.refreshToken);
    return tokens;
  });
}

test('refresh returns a new verified access token, the instance URL and no refresh token', async () => {
  const { seeded, tokens } = await connected();
  const refreshed = await refresh(seeded, tokens.refreshToken!, { now: () => 42 });
  assert.notEqual(refreshed.accessToken, tokens.accessToken);
  assert.equal(refreshed.refreshToken, null);
  assert.equal(refreshed.instanceUrl, seeded.myDomainUrl);
  assert.equal(refreshed.identityUrl, tokens.identityUrl);
  assert.equal(refreshed.receivedAt, 42);
  assert.ok(refreshed.issuedAt >= tokens.issuedAt);
});

test('refresh works at the My Domain as well as at the login host', async () => {
  const { seeded, tokens } = await connected();
  const refreshed = await refresh(seeded, tokens.refreshToken!, { baseUrl: seeded.myDomainUrl });
  assert.equal(refreshed.orgId, seeded.org.id);
});

test('with rotation on, refresh returns a new refresh token and the old one is dead', async () => {
  const { seeded, tokens } = await connected();
  updateAppPolicy(running.emulator, seeded.app.id, { rotateRefreshTokens: true });
  const rotated = await refresh(seeded, tokens.refreshToken!);
  assert.ok(rotated.refreshToken);
  assert.notEqual(rotated.refreshToken, tokens.refreshToken);
  const next = await refresh(seeded, rotated.refreshToken);
  assert.ok(next.refreshToken);

  const reuse = await failure(refresh(seeded, tokens.refreshToken!));
  assert.deepEqual(salesforceOutcome(reuse), {
    kind: 'needs_reauth',
    reason: 'refresh_token_revoked',
  });
});

test('revoked at Salesforce: refresh is needs_reauth/refresh_token_revoked', async () => {
  const { seeded, tokens } = await connected();
  revokeGrantsOfUser(running.emulator, seeded.org.id, seeded.admin.id, seeded.app.id);
  const error = await failure(refresh(seeded, tokens.refreshToken!));
  assert.equal(error.code, 'REAUTH_REQUIRED');
  assert.deepEqual(error.details, {
    kind: 'needs_reauth',
    reason: 'refresh_token_revoked',
    salesforceError: 'invalid_grant',
    description: 'expired access/refresh token',
    status: 400,
  });
});

test('a deactivated user: refresh is needs_reauth/user_inactive', async () => {
  const { seeded, tokens } = await connected();
  deactivateUser(running.emulator, seeded.org.id, seeded.admin.id);
  const error = await failure(refresh(seeded, tokens.refreshToken!));
  assert.deepEqual(salesforceOutcome(error), { kind: 'needs_reauth', reason: 'user_inactive' });
});

test('a wrong client secret: refresh is needs_reauth/credentials_invalid', async () => {
  const { seeded, tokens } = await connected();
  const error = await failure(
    refresh(seeded, tokens.refreshToken!, { clientSecret: remember('not-the-secret-00000') }),
  );
  assert.deepEqual(salesforceOutcome(error), {
    kind: 'needs_reauth',
    reason: 'credentials_invalid',
  });
});

test('an unknown client id: refresh is needs_reauth/app_uninstalled', async () => {
  const { seeded, tokens } = await connected();
  const error = await failure(
    refresh(seeded, tokens.refreshToken!, { clientId: '3MVG9UnknownConsumerKey' }),
  );
  assert.deepEqual(salesforceOutcome(error), { kind: 'needs_reauth', reason: 'app_uninstalled' });
  assert.equal(error.details.salesforceError, 'invalid_client_id');
});

test('outside login hours: refresh is transient/login_restricted, never needs_reauth', async () => {
  const { seeded, tokens } = await connected();
  setOrgSettings(running.emulator, seeded.org.id, { loginHoursOpen: false });
  const error = await failure(refresh(seeded, tokens.refreshToken!));
  assert.equal(error.code, 'SALESFORCE_UNAVAILABLE');
  assert.deepEqual(salesforceOutcome(error), { kind: 'transient', reason: 'login_restricted' });
  setOrgSettings(running.emulator, seeded.org.id, { loginHoursOpen: true });
  await refresh(seeded, tokens.refreshToken!);
});

test('HTTP 503 at the token endpoint is transient/salesforce_unavailable', async (t) => {
  const { seeded, tokens } = await connected();
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, {
    kind: 'status',
    status: 503,
    pathPrefix: '/services/oauth2/token',
    count: 1,
  });
  const error = await failure(refresh(seeded, tokens.refreshToken!));
  assert.equal(error.code, 'SALESFORCE_UNAVAILABLE');
  assert.deepEqual(error.details, {
    kind: 'transient',
    reason: 'salesforce_unavailable',
    salesforceError: null,
    description: null,
    status: 503,
  });
  await refresh(seeded, tokens.refreshToken!);
});

test('a dropped connection is transient/network_error', async (t) => {
  const { seeded, tokens } = await connected();
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, { kind: 'drop', pathPrefix: '/services/oauth2/token', count: 1 });
  const error = await failure(refresh(seeded, tokens.refreshToken!));
  assert.deepEqual(salesforceOutcome(error), { kind: 'transient', reason: 'network_error' });
});

test('an answer slower than the timeout is transient/timeout', async (t) => {
  const { seeded, tokens } = await connected();
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, {
    kind: 'latency',
    latencyMs: 1_000,
    pathPrefix: '/services/oauth2/token',
    count: 1,
  });
  const started = Date.now();
  const error = await failure(refresh(seeded, tokens.refreshToken!, { timeoutMs: 100 }));
  assert.ok(Date.now() - started < 900, 'gave up at the timeout');
  assert.deepEqual(salesforceOutcome(error), { kind: 'transient', reason: 'timeout' });
});

test('a refused server (nothing listening) is transient/network_error', async () => {
  const { seeded, tokens } = await connected();
  const error = await failure(
    refresh(seeded, tokens.refreshToken!, { baseUrl: 'http://127.0.0.1:1/login.salesforce.com' }),
  );
  assert.deepEqual(salesforceOutcome(error), { kind: 'transient', reason: 'network_error' });
});
