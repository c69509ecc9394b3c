import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectedApp } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import {
  assertOAuthError,
  CALLBACK,
  identityStatus,
  postForm,
  type TokenBody,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;

function passwordLogin(
  hostUrl: string,
  app: ConnectedApp,
  username: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postForm(`${hostUrl}/services/oauth2/token`, {
    grant_type: 'password',
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
    username,
    password,
    ...extra,
  });
}

test('password plus security token gets an access token and no refresh token', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  const response = await passwordLogin(
    running.loginUrl,
    app,
    admin.username,
    admin.password + admin.securityToken,
  );
  assert.equal(response.status, 200);
  const body = (await response.json()) as TokenBody;
  assert.equal(body.refresh_token, undefined);
  assert.doesNotMatch(body.scope!, /refresh_token|offline_access/);
  assert.equal(body.instance_url, emulator.instanceUrl(org));
  assert.ok(body.id_token, 'the app has the openid scope');
  assert.equal(await identityStatus(body.id!, body.access_token!), 200);
});

test('the password alone fails from outside the trusted IP ranges', async () => {
  const { app, admin } = seedBasicOrg(running);
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, admin.username, admin.password),
    'invalid_grant',
    'authentication failure',
  );
});

test('the password alone works from a trusted IP range', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  org.settings.trustedIpRanges = [{ start: '127.0.0.0', end: '127.255.255.255' }];
  const response = await passwordLogin(running.loginUrl, app, admin.username, admin.password);
  assert.equal(response.status, 200);
  const withToken = await passwordLogin(
    running.loginUrl,
    app,
    admin.username,
    admin.password + admin.securityToken,
  );
  assert.equal(withToken.status, 200);
});

test('a trusted range that does not hold the client still needs the token', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  org.settings.trustedIpRanges = [{ start: '10.0.0.0', end: '10.255.255.255' }];
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, admin.username, admin.password),
    'invalid_grant',
    'authentication failure',
  );
});

test('an app that relaxes IP restrictions needs no token', async () => {
  const { admin } = seedBasicOrg(running);
  const app = emulator.createApp({
    name: 'Relaxed',
    callbackUrls: [CALLBACK],
    relaxIpRestrictions: true,
  });
  const response = await passwordLogin(running.loginUrl, app, admin.username, admin.password);
  assert.equal(response.status, 200);
});

test('an org that blocks the username-password flow answers authentication failure', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  org.settings.usernamePasswordFlowBlocked = true;
  await assertOAuthError(
    await passwordLogin(
      running.loginUrl,
      app,
      admin.username,
      admin.password + admin.securityToken,
    ),
    'invalid_grant',
    'authentication failure',
  );
});

test('a wrong password answers authentication failure', async () => {
  const { app, admin } = seedBasicOrg(running);
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, admin.username, `wrong${admin.securityToken}`),
    'invalid_grant',
    'authentication failure',
  );
});

test('an unknown user answers authentication failure', async () => {
  const { app } = seedBasicOrg(running);
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, 'nobody@nowhere.example', 'x'),
    'invalid_grant',
    'authentication failure',
  );
});

test('the password flow needs the consumer secret', async () => {
  const { app, admin } = seedBasicOrg(running);
  await assertOAuthError(
    await passwordLogin(
      running.loginUrl,
      app,
      admin.username,
      admin.password + admin.securityToken,
      {
        client_secret: '',
      },
    ),
    'invalid_client',
    'invalid client credentials',
  );
});

test('an inactive user gets inactive user', async () => {
  const { app, org } = seedBasicOrg(running);
  const user = emulator.createUser(org.id, {
    username: `off-${Date.now()}@pw.example`,
    active: false,
  });
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, user.username, user.password + user.securityToken),
    'invalid_grant',
    'inactive user',
  );
});

test('a sandbox user cannot use the password flow at login.salesforce.com', async () => {
  const { app, admin } = seedBasicOrg(running, { sandbox: true });
  const password = admin.password + admin.securityToken;
  await assertOAuthError(
    await passwordLogin(running.loginUrl, app, admin.username, password),
    'invalid_grant',
    'authentication failure',
  );
  const ok = await passwordLogin(running.sandboxLoginUrl, app, admin.username, password);
  assert.equal(ok.status, 200);
});

test('login hours closed answers IP restricted or invalid login hours', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  org.settings.loginHoursOpen = false;
  await assertOAuthError(
    await passwordLogin(
      running.loginUrl,
      app,
      admin.username,
      admin.password + admin.securityToken,
    ),
    'invalid_grant',
    'IP restricted or invalid login hours',
  );
});

test('an admin-approved app refuses users who are not pre-authorized', async () => {
  const { admin, standard, org } = seedBasicOrg(running);
  const app = emulator.createApp({
    name: 'Locked',
    callbackUrls: [CALLBACK],
    adminApprovedOnly: true,
  });
  app.preAuthorizedUsers[org.id] = [admin.username];
  await assertOAuthError(
    await passwordLogin(
      running.loginUrl,
      app,
      standard.username,
      standard.password + standard.securityToken,
    ),
    'invalid_app_access',
    'user is not admin approved to access this app',
  );
  const ok = await passwordLogin(
    running.loginUrl,
    app,
    admin.username,
    admin.password + admin.securityToken,
  );
  assert.equal(ok.status, 200);
});

test('missing username or password is invalid_request', async () => {
  const { app } = seedBasicOrg(running);
  const response = await postForm(`${running.loginUrl}/services/oauth2/token`, {
    grant_type: 'password',
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
  });
  await assertOAuthError(response, 'invalid_request');
});
