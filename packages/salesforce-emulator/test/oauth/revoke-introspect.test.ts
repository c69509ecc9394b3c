import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OAuth2 } from '@jsforce/jsforce-node';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import {
  assertOAuthError,
  CALLBACK,
  identityStatus,
  postForm,
  refresh,
  webFlowTokens,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;

function revoke(token: string) {
  return postForm(`${running.loginUrl}/services/oauth2/revoke`, { token });
}

test('revoking a refresh token ends it and every access token of its grant', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const second = (await (
    await refresh(running.loginUrl, app, tokens.refresh_token!)
  ).json()) as Record<string, string>;
  const response = await revoke(tokens.refresh_token!);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), '');
  assert.equal(await identityStatus(tokens.id!, tokens.access_token!), 403);
  assert.equal(await identityStatus(second.id!, second.access_token!), 403);
  await assertOAuthError(
    await refresh(running.loginUrl, app, tokens.refresh_token!),
    'invalid_grant',
    'expired access/refresh token',
  );
});

test('revoking an access token ends only that token', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const other = (await (
    await refresh(running.loginUrl, app, tokens.refresh_token!)
  ).json()) as Record<string, string>;
  assert.equal((await revoke(tokens.access_token!)).status, 200);
  assert.equal(await identityStatus(tokens.id!, tokens.access_token!), 403);
  assert.equal(await identityStatus(other.id!, other.access_token!), 200);
  assert.equal((await refresh(running.loginUrl, app, tokens.refresh_token!)).status, 200);
});

test('revoke also works as GET with ?token=', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const response = await fetch(
    `${running.loginUrl}/services/oauth2/revoke?token=${encodeURIComponent(tokens.access_token!)}`,
  );
  assert.equal(response.status, 200);
  assert.equal(await identityStatus(tokens.id!, tokens.access_token!), 403);
});

test('revoking an unknown token answers 400 unsupported_token_type, form-encoded', async () => {
  const response = await revoke('garbage');
  assert.equal(response.status, 400);
  assert.equal(
    await response.text(),
    'error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported',
  );
});

test('revoking an already revoked token answers 400 invalid_token', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  assert.equal((await revoke(tokens.access_token!)).status, 200);
  const again = await revoke(tokens.access_token!);
  assert.equal(again.status, 400);
  assert.match(await again.text(), /^error=invalid_token&/);
});

test('revoke errors come as JSON to a client that asks for it', async () => {
  const response = await postForm(
    `${running.loginUrl}/services/oauth2/revoke`,
    { token: 'garbage' },
    { accept: 'application/json' },
  );
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), {
    error: 'unsupported_token_type',
    error_description: 'this token type is not supported',
  });
});

test("jsforce's revokeToken succeeds, and reports the error name on failure", async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const oauth2 = new OAuth2({
    loginUrl: running.loginUrl,
    clientId: app.consumerKey,
    redirectUri: CALLBACK,
  });
  await oauth2.revokeToken(tokens.refresh_token!);
  await assert.rejects(oauth2.revokeToken('garbage'), (error: Error) => {
    assert.equal(error.name, 'unsupported_token_type');
    assert.equal(error.message, 'this token type is not supported');
    return true;
  });
});

function introspect(
  token: string,
  app: { consumerKey: string; consumerSecret: string },
  hint?: string,
) {
  const fields: Record<string, string> = {
    token,
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
  };
  if (hint) fields.token_type_hint = hint;
  return postForm(`${running.loginUrl}/services/oauth2/introspect`, fields);
}

test('introspecting a live access token', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const response = await introspect(tokens.access_token!, app);
  assert.equal(response.status, 200);
  const body = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), [
    'active',
    'scope',
    'client_id',
    'username',
    'sub',
    'token_type',
    'exp',
    'iat',
    'nbf',
  ]);
  assert.equal(body.active, true);
  assert.equal(body.scope, 'api refresh_token id');
  assert.equal(body.client_id, app.consumerKey);
  assert.equal(body.username, admin.username);
  assert.equal(body.sub, tokens.id);
  assert.equal(body.token_type, 'access_token');
  const iat = Math.floor(Number(tokens.issued_at) / 1000);
  assert.equal(body.iat, iat);
  assert.equal(body.nbf, iat);
  assert.equal(
    body.exp,
    Math.floor((Number(tokens.issued_at) + org.settings.sessionTimeoutMs) / 1000),
  );
});

test('introspecting a refresh token', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  const body = (await (
    await introspect(tokens.refresh_token!, app, 'refresh_token')
  ).json()) as Record<string, unknown>;
  assert.equal(body.active, true);
  assert.equal(body.token_type, 'refresh_token');
  assert.equal(body.username, admin.username);
});

test("introspecting revoked, unknown or other apps' tokens answers active false", async () => {
  const { app, admin } = seedBasicOrg(running);
  const other = emulator.createApp({ name: 'Other', callbackUrls: [CALLBACK] });
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  assert.deepEqual(await (await introspect(tokens.access_token!, other)).json(), { active: false });
  assert.deepEqual(await (await introspect('garbage', app)).json(), { active: false });
  assert.equal((await revoke(tokens.refresh_token!)).status, 200);
  assert.deepEqual(await (await introspect(tokens.access_token!, app)).json(), { active: false });
  assert.deepEqual(await (await introspect(tokens.refresh_token!, app)).json(), { active: false });
});

test('introspection needs client authentication', async () => {
  const { app, admin } = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, app, admin);
  await assertOAuthError(
    await postForm(`${running.loginUrl}/services/oauth2/introspect`, {
      token: tokens.access_token!,
      client_id: app.consumerKey,
    }),
    'invalid_client',
  );
  await assertOAuthError(
    await postForm(`${running.loginUrl}/services/oauth2/introspect`, {
      token: tokens.access_token!,
    }),
    'invalid_client_id',
  );
});
