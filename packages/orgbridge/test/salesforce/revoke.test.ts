import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearFaults, injectFault, listGrants } from '@orgbridge/salesforce-emulator';
import {
  refreshAccessToken,
  revokeToken,
  salesforceOutcome,
  salesforceRequest,
} from '../../src/salesforce/index.ts';
import { authorize, failure, remember, seedOrg, useEmulator } from './support.ts';

const running = await useEmulator();

test('revoking a refresh token ends the grant: refresh is needs_reauth/refresh_token_revoked', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  const result = await revokeToken({
    baseUrl: seeded.loginUrl,
    token: tokens.refreshToken!,
    allowInsecureLoopback: true,
  });
  assert.equal(result, 'revoked');
  assert.equal(listGrants(running.emulator, { appId: seeded.app.id })[0]?.state, 'revoked');

  const error = await failure(
    refreshAccessToken({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: seeded.app.consumerSecret,
      refreshToken: tokens.refreshToken!,
      allowInsecureLoopback: true,
    }),
  );
  assert.equal(error.code, 'REAUTH_REQUIRED');
  assert.deepEqual(salesforceOutcome(error), {
    kind: 'needs_reauth',
    reason: 'refresh_token_revoked',
  });
  // Its access tokens went with it.
  const api = await failure(
    salesforceRequest({
      instanceUrl: tokens.instanceUrl,
      accessToken: tokens.accessToken,
      path: '/services/data/v62.0/limits',
      allowInsecureLoopback: true,
    }),
  );
  assert.equal(api.code, 'SALESFORCE_SESSION_EXPIRED');
});

test('revoking an already revoked or unknown token counts as revoked', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  const options = { baseUrl: seeded.myDomainUrl, allowInsecureLoopback: true };
  assert.equal(await revokeToken({ ...options, token: tokens.refreshToken! }), 'revoked');
  assert.equal(await revokeToken({ ...options, token: tokens.refreshToken! }), 'already_invalid');
  assert.equal(
    await revokeToken({ ...options, token: remember('5Aep861NeverIssuedToken000') }),
    'already_invalid',
  );
});

test('revoking an access token is done; it then no longer works', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  assert.equal(
    await revokeToken({
      baseUrl: seeded.loginUrl,
      token: tokens.accessToken,
      allowInsecureLoopback: true,
    }),
    'revoked',
  );
});

test('a 503 at the revoke endpoint is transient; nothing is claimed revoked', async (t) => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, {
    kind: 'status',
    status: 503,
    pathPrefix: '/services/oauth2/revoke',
    count: 1,
  });
  const error = await failure(
    revokeToken({
      baseUrl: seeded.loginUrl,
      token: tokens.refreshToken!,
      allowInsecureLoopback: true,
    }),
  );
  assert.deepEqual(salesforceOutcome(error), {
    kind: 'transient',
    reason: 'salesforce_unavailable',
  });
});
