import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { ConnectedApp, CreatedUser } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import {
  assertOAuthError,
  authorizeInBrowser,
  authorizeUrl,
  Browser,
  exchangeCode,
  pkcePair,
  postForm,
  type AuthorizeOptions,
  type TokenBody,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;

async function codeFor(app: ConnectedApp, user: CreatedUser, options: AuthorizeOptions = {}) {
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(running.loginUrl, app, { scope: 'api refresh_token id', ...options }),
    user,
  );
  const code = redirect.searchParams.get('code');
  assert.ok(code);
  return code;
}

test('the code exchange returns Salesforce fields in order, without expires_in', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  const response = await exchangeCode(running.loginUrl, app, await codeFor(app, admin));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json;charset=UTF-8');
  const body = (await response.json()) as TokenBody;
  assert.deepEqual(Object.keys(body), [
    'access_token',
    'refresh_token',
    'signature',
    'scope',
    'instance_url',
    'id',
    'token_type',
    'issued_at',
  ]);
  assert.ok(body.access_token!.startsWith(`${org.id.slice(0, 15)}!AQ`));
  assert.ok(body.refresh_token!.startsWith('5Aep861'));
  assert.equal(body.scope, 'api refresh_token id');
  assert.equal(body.instance_url, emulator.instanceUrl(org));
  assert.equal(body.id, `${running.loginUrl}/id/${org.id}/${admin.id}`);
  assert.equal(body.token_type, 'Bearer');
  assert.match(body.issued_at!, /^\d{13}$/);
});

test('the signature is the HMAC-SHA256 of id and issued_at keyed by the consumer secret', async () => {
  const { app, admin } = seedBasicOrg(running);
  const body = (await (
    await exchangeCode(running.loginUrl, app, await codeFor(app, admin))
  ).json()) as TokenBody;
  const expected = createHmac('sha256', app.consumerSecret)
    .update(body.id! + body.issued_at!)
    .digest('base64');
  assert.equal(body.signature, expected);
});

test('no refresh token without the refresh_token or offline_access scope', async () => {
  const { app, admin } = seedBasicOrg(running);
  const body = (await (
    await exchangeCode(running.loginUrl, app, await codeFor(app, admin, { scope: 'api id' }))
  ).json()) as TokenBody;
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.scope, 'api id');
});

test('offline_access also grants a refresh token', async () => {
  const { app, admin } = seedBasicOrg(running);
  const body = (await (
    await exchangeCode(
      running.loginUrl,
      app,
      await codeFor(app, admin, { scope: 'api offline_access' }),
    )
  ).json()) as TokenBody;
  assert.ok(body.refresh_token?.startsWith('5Aep861'));
});

test('with openid an id_token verifies against /id/keys', async () => {
  const { app, admin, org } = seedBasicOrg(running);
  const code = await codeFor(app, admin, { scope: 'api openid', nonce: 'n-0S6' });
  const body = (await (await exchangeCode(running.loginUrl, app, code)).json()) as TokenBody;
  assert.deepEqual(Object.keys(body), [
    'access_token',
    'signature',
    'scope',
    'id_token',
    'instance_url',
    'id',
    'token_type',
    'issued_at',
  ]);
  const jwks = (await (await fetch(`${running.loginUrl}/id/keys`)).json()) as {
    keys: Array<Record<string, string>>;
  };
  assert.equal(jwks.keys[0]!.kty, 'RSA');
  assert.equal(jwks.keys[0]!.alg, 'RS256');
  const { payload, protectedHeader } = await jwtVerify(body.id_token!, createLocalJWKSet(jwks), {
    issuer: running.loginUrl,
    audience: app.consumerKey,
    currentDate: new Date(emulator.clock.now()),
  });
  assert.equal(protectedHeader.alg, 'RS256');
  assert.equal(payload.sub, `${running.loginUrl}/id/${org.id}/${admin.id}`);
  assert.equal(payload.nonce, 'n-0S6');
  assert.equal(typeof payload.at_hash, 'string');
});

test('PKCE S256 without code_challenge_method (as jsforce sends it) accepts a 171-character verifier', async () => {
  const { app, admin } = seedBasicOrg(running);
  const { verifier, challenge } = pkcePair();
  assert.equal(verifier.length, 171);
  const code = await codeFor(app, admin, { codeChallenge: challenge });
  const response = await exchangeCode(running.loginUrl, app, code, { code_verifier: verifier });
  assert.equal(response.status, 200);
});

test('PKCE S256 with an explicit method', async () => {
  const { app, admin } = seedBasicOrg(running);
  const { verifier, challenge } = pkcePair();
  const code = await codeFor(app, admin, { codeChallenge: challenge, codeChallengeMethod: 'S256' });
  const response = await exchangeCode(running.loginUrl, app, code, { code_verifier: verifier });
  assert.equal(response.status, 200);
});

test('PKCE plain', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin, {
    codeChallenge: 'plain-verifier-value-plain-verifier-value-123',
    codeChallengeMethod: 'plain',
  });
  const response = await exchangeCode(running.loginUrl, app, code, {
    code_verifier: 'plain-verifier-value-plain-verifier-value-123',
  });
  assert.equal(response.status, 200);
});

test('a PKCE code exchanged without a verifier fails with invalid_grant', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin, { codeChallenge: pkcePair().challenge });
  await assertOAuthError(await exchangeCode(running.loginUrl, app, code), 'invalid_grant');
});

test('a wrong PKCE verifier fails with invalid_request', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin, { codeChallenge: pkcePair().challenge });
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code, { code_verifier: pkcePair().verifier }),
    'invalid_request',
  );
});

test('a PKCE code can be exchanged without the consumer secret', async () => {
  const { app, admin } = seedBasicOrg(running);
  const { verifier, challenge } = pkcePair();
  const code = await codeFor(app, admin, { codeChallenge: challenge });
  const response = await exchangeCode(running.loginUrl, app, code, {
    code_verifier: verifier,
    client_secret: '',
  });
  assert.equal(response.status, 200);
});

test('a code without PKCE needs the consumer secret', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code, { client_secret: '' }),
    'invalid_client',
    'invalid client credentials',
  );
});

test('a code works once', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  assert.equal((await exchangeCode(running.loginUrl, app, code)).status, 200);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code),
    'invalid_grant',
    'invalid authorization code',
  );
});

test('a code expires after 15 minutes', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  emulator.clock.advance(15 * 60 * 1000 + 1000);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code),
    'invalid_grant',
    'expired authorization code',
  );
});

test('a code is bound to its redirect_uri', async () => {
  const { app, admin } = seedBasicOrg(running);
  app.callbackUrls.push('http://127.0.0.1:9999/other');
  const code = await codeFor(app, admin);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code, {
      redirect_uri: 'http://127.0.0.1:9999/other',
    }),
    'redirect_uri_mismatch',
    'redirect_uri must match configuration',
  );
});

test('a code is bound to its client', async () => {
  const { app, admin } = seedBasicOrg(running);
  const other = emulator.createApp({ name: 'Other', callbackUrls: app.callbackUrls });
  const code = await codeFor(app, admin);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, other, code),
    'invalid_grant',
    'invalid authorization code',
  );
});

test('an unknown client_id gets invalid_client_id', async () => {
  const response = await postForm(`${running.loginUrl}/services/oauth2/token`, {
    grant_type: 'authorization_code',
    code: 'aPrxnope==',
    client_id: 'nope',
    client_secret: 'x',
    redirect_uri: 'http://127.0.0.1:9999/oauth/callback',
  });
  await assertOAuthError(response, 'invalid_client_id', 'client identifier invalid');
});

test('a wrong consumer secret gets invalid_client', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  await assertOAuthError(
    await exchangeCode(running.loginUrl, app, code, { client_secret: 'wrong' }),
    'invalid_client',
    'invalid client credentials',
  );
});

test('client credentials may come by HTTP Basic', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  const basic = Buffer.from(`${app.consumerKey}:${app.consumerSecret}`).toString('base64');
  const response = await postForm(
    `${running.loginUrl}/services/oauth2/token`,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:9999/oauth/callback',
    },
    { authorization: `Basic ${basic}` },
  );
  assert.equal(response.status, 200);
});

test('token parameters are also accepted in the query string', async () => {
  const { app, admin } = seedBasicOrg(running);
  const code = await codeFor(app, admin);
  const query = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
    redirect_uri: 'http://127.0.0.1:9999/oauth/callback',
  });
  const response = await fetch(`${running.loginUrl}/services/oauth2/token?${query.toString()}`, {
    method: 'POST',
  });
  assert.equal(response.status, 200);
});

test('the code can be exchanged at the My Domain of its org', async () => {
  const { app, admin, instanceUrl } = seedBasicOrg(running);
  const response = await exchangeCode(instanceUrl, app, await codeFor(app, admin));
  assert.equal(response.status, 200);
});

test('an unsupported grant type is refused', async () => {
  const response = await postForm(`${running.loginUrl}/services/oauth2/token`, {
    grant_type: 'magic',
  });
  await assertOAuthError(response, 'unsupported_grant_type', 'grant type not supported');
});
