import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportSPKI, generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from 'jose';
import type { ConnectedApp, CreatedUser } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { TEST_CERTIFICATE_PEM, TEST_PRIVATE_KEY_PEM } from './jwt-test-certificate.ts';
import {
  assertOAuthError,
  CALLBACK,
  identityStatus,
  postForm,
  webFlowTokens,
  type TokenBody,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const { privateKey, publicKey } = await generateKeyPair('RS256');
const spki = await exportSPKI(publicKey);

function jwtApp(name = 'JWT App', certificatePem: string = spki): ConnectedApp {
  return emulator.createApp({ name, callbackUrls: [CALLBACK], certificatePem });
}

interface AssertionOptions {
  iss?: string;
  sub?: string;
  aud?: string;
  expSeconds?: number | null;
  key?: CryptoKey;
}

async function assertion(app: ConnectedApp, user: CreatedUser, options: AssertionOptions = {}) {
  const now = Math.floor(emulator.clock.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(options.iss ?? app.consumerKey)
    .setSubject(options.sub ?? user.username)
    .setAudience(options.aud ?? 'https://login.salesforce.com');
  if (options.expSeconds !== null) jwt.setExpirationTime(now + (options.expSeconds ?? 180));
  return jwt.sign(options.key ?? privateKey);
}

function exchange(hostUrl: string, jwt: string) {
  return postForm(`${hostUrl}/services/oauth2/token`, { grant_type: GRANT, assertion: jwt });
}

test('a pre-authorized user gets an access token and no refresh token', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  const response = await exchange(running.loginUrl, await assertion(app, integration));
  assert.equal(response.status, 200);
  const body = (await response.json()) as TokenBody;
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.instance_url, emulator.instanceUrl(org));
  assert.equal(await identityStatus(body.id!, body.access_token!), 200);
});

test('a user with an approval carrying a refresh token gets the approved scopes', async () => {
  const { admin } = seedBasicOrg(running);
  const app = jwtApp();
  await webFlowTokens(running.loginUrl, app, admin, 'api refresh_token');
  const response = await exchange(running.loginUrl, await assertion(app, admin));
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as TokenBody).scope, 'api');
});

test("a user without approval gets user hasn't approved this consumer", async () => {
  const { admin } = seedBasicOrg(running);
  const app = jwtApp();
  await webFlowTokens(running.loginUrl, app, admin, 'api id');
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, admin)),
    'invalid_grant',
    "user hasn't approved this consumer",
  );
});

test('an X.509 certificate verifies assertions signed with its key', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp('Cert App', TEST_CERTIFICATE_PEM);
  app.preAuthorizedUsers[org.id] = [integration.username];
  const key = await importPKCS8(TEST_PRIVATE_KEY_PEM, 'RS256');
  const response = await exchange(running.loginUrl, await assertion(app, integration, { key }));
  assert.equal(response.status, 200);
});

test("the emulator's own login URL and the My Domain URL are accepted audiences", async () => {
  const { org, integration, instanceUrl } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  for (const aud of [running.loginUrl, instanceUrl]) {
    const response = await exchange(running.loginUrl, await assertion(app, integration, { aud }));
    assert.equal(response.status, 200, aud);
  }
});

test('a sandbox user needs the test.salesforce.com audience', async () => {
  const { org, integration } = seedBasicOrg(running, { sandbox: true });
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  await assertOAuthError(
    await exchange(running.sandboxLoginUrl, await assertion(app, integration)),
    'invalid_grant',
    'Audience validation failed',
  );
  const ok = await exchange(
    running.sandboxLoginUrl,
    await assertion(app, integration, { aud: 'https://test.salesforce.com' }),
  );
  assert.equal(ok.status, 200);
});

test('a wrong audience fails with Audience validation failed', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  await assertOAuthError(
    await exchange(
      running.loginUrl,
      await assertion(app, integration, { aud: 'https://evil.example' }),
    ),
    'invalid_grant',
    'Audience validation failed',
  );
});

test('an expired assertion fails', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration, { expSeconds: -10 })),
    'invalid_grant',
    'invalid assertion',
  );
});

test('an assertion without exp fails', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration, { expSeconds: null })),
    'invalid_grant',
    'invalid assertion',
  );
});

test('an assertion signed with another key fails', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  const other = await generateKeyPair('RS256');
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration, { key: other.privateKey })),
    'invalid_grant',
    'invalid assertion',
  );
});

test('an unknown issuer fails with invalid_client_id', async () => {
  const { integration } = seedBasicOrg(running);
  const app = jwtApp();
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration, { iss: '3MVG9unknown' })),
    'invalid_client_id',
    'client identifier invalid',
  );
});

test('an app without a certificate cannot be used', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = emulator.createApp({ name: 'No Cert', callbackUrls: [CALLBACK] });
  app.preAuthorizedUsers[org.id] = [integration.username];
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration)),
    'invalid_grant',
    'invalid assertion',
  );
});

test('an admin-approved app refuses users who are not pre-authorized', async () => {
  const { standard } = seedBasicOrg(running);
  const app = emulator.createApp({
    name: 'Admin JWT',
    callbackUrls: [CALLBACK],
    certificatePem: spki,
    adminApprovedOnly: true,
  });
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, standard)),
    'invalid_app_access',
    'user is not admin approved to access this app',
  );
});

test('an inactive user gets inactive user', async () => {
  const { org, integration } = seedBasicOrg(running);
  const app = jwtApp();
  app.preAuthorizedUsers[org.id] = [integration.username];
  org.tables.get('User')!.rows.get(integration.id)!.IsActive = false;
  await assertOAuthError(
    await exchange(running.loginUrl, await assertion(app, integration)),
    'invalid_grant',
    'inactive user',
  );
});

test('garbage in the assertion fails with invalid assertion', async () => {
  await assertOAuthError(
    await exchange(running.loginUrl, 'not.a.jwt'),
    'invalid_grant',
    'invalid assertion',
  );
});
