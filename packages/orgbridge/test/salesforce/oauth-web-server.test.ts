import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import {
  computeTokenSignature,
  createAuthorization,
  exchangeCode,
  parseAuthorizationCallback,
  salesforceOutcome,
} from '../../src/salesforce/index.ts';
import {
  authorize,
  failure,
  REDIRECT_URI,
  remember,
  seedOrg,
  SCOPES,
  useEmulator,
} from './support.ts';

const running = await useEmulator();

test('the authorization URL carries PKCE S256, a random state, the scopes and the login hint', async () => {
  const seeded = seedOrg(running);
  const authorization = await createAuthorization({
    baseUrl: seeded.loginUrl,
    clientId: seeded.app.consumerKey,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    loginHint: 'ada@acme.example',
    prompt: 'login consent',
    allowInsecureLoopback: true,
  });
  const url = new URL(authorization.url);
  assert.equal(`${url.origin}${url.pathname}`, `${seeded.loginUrl}/services/oauth2/authorize`);
  const params = url.searchParams;
  assert.equal(params.get('response_type'), 'code');
  assert.equal(params.get('client_id'), seeded.app.consumerKey);
  assert.equal(params.get('redirect_uri'), REDIRECT_URI);
  assert.equal(params.get('scope'), 'api refresh_token offline_access id');
  assert.equal(params.get('state'), authorization.state);
  assert.equal(params.get('login_hint'), 'ada@acme.example');
  assert.equal(params.get('prompt'), 'login consent');
  assert.equal(params.get('code_challenge_method'), 'S256');
  assert.equal(
    params.get('code_challenge'),
    createHash('sha256').update(authorization.codeVerifier).digest('base64url'),
  );
  assert.ok(authorization.state.length >= 32);
  assert.ok(!authorization.url.includes(authorization.codeVerifier));

  const again = await createAuthorization({
    baseUrl: seeded.loginUrl,
    clientId: seeded.app.consumerKey,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    allowInsecureLoopback: true,
  });
  assert.notEqual(again.state, authorization.state);
  assert.notEqual(again.codeVerifier, authorization.codeVerifier);
  assert.equal(new URL(again.url).searchParams.has('login_hint'), false);
});

test('an http login URL is refused without the insecure switch, before any request', async () => {
  const seeded = seedOrg(running);
  let requests = 0;
  const error = await failure(
    exchangeCode({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: seeded.app.consumerSecret,
      redirectUri: REDIRECT_URI,
      code: 'aPrxCode==',
      codeVerifier: 'verifier',
      fetch: (...args) => {
        requests += 1;
        return fetch(...args);
      },
    }),
  );
  assert.equal(error.code, 'LOGIN_URL_INVALID');
  assert.equal(requests, 0);
});

test('the web-server flow at the production login host yields a verified token set', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded, seeded.loginUrl, { now: () => 1_234 });
  assert.match(tokens.accessToken, /^00D\w+!/);
  assert.ok(tokens.refreshToken);
  assert.equal(tokens.instanceUrl, seeded.myDomainUrl);
  assert.equal(tokens.orgId, seeded.org.id);
  assert.equal(tokens.userId, seeded.admin.id);
  assert.equal(tokens.identityUrl, `${seeded.loginUrl}/id/${seeded.org.id}/${seeded.admin.id}`);
  assert.equal(typeof tokens.issuedAt, 'number');
  assert.ok(tokens.issuedAt > 1_600_000_000_000);
  assert.equal(tokens.receivedAt, 1_234);
  assert.deepEqual(tokens.scopes.toSorted(), [...SCOPES].sort());
  assert.equal(
    tokens.signature,
    computeTokenSignature(seeded.app.consumerSecret, tokens.identityUrl, String(tokens.issuedAt)),
  );
});

test('the web-server flow works for a sandbox at the sandbox login host', async () => {
  const seeded = seedOrg(running, { sandbox: true });
  assert.equal(seeded.loginUrl, running.sandboxLoginUrl);
  const tokens = await authorize(seeded);
  assert.equal(tokens.orgId, seeded.org.id);
  assert.match(tokens.instanceUrl, /\.sandbox\.my\.salesforce\.com$/);
  assert.ok(tokens.identityUrl.startsWith(`${running.sandboxLoginUrl}/id/`));
});

test('the web-server flow works at a custom My Domain base URL', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded, seeded.myDomainUrl);
  assert.equal(tokens.orgId, seeded.org.id);
  assert.equal(tokens.instanceUrl, seeded.myDomainUrl);
});

test('a code can be exchanged once; the second exchange is an invalid request', async () => {
  const seeded = seedOrg(running);
  const authorization = await createAuthorization({
    baseUrl: seeded.loginUrl,
    clientId: seeded.app.consumerKey,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    allowInsecureLoopback: true,
  });
  remember(authorization.codeVerifier);
  const callback = await new ScriptedBrowser().authorize(
    authorization.url,
    seeded.admin.username,
    seeded.admin.password,
  );
  const { code } = parseAuthorizationCallback(callback);
  remember(code);
  const exchange = () =>
    exchangeCode({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: seeded.app.consumerSecret,
      redirectUri: REDIRECT_URI,
      code,
      codeVerifier: authorization.codeVerifier,
      allowInsecureLoopback: true,
    });
  remember((await exchange()).refreshToken);
  const error = await failure(exchange());
  assert.equal(error.code, 'SALESFORCE_ERROR');
  assert.deepEqual(salesforceOutcome(error), { kind: 'invalid_request' });
  assert.equal(error.details.salesforceError, 'invalid_grant');
  assert.equal(error.details.status, 400);
});

test('a wrong PKCE verifier is refused', async () => {
  const seeded = seedOrg(running);
  const authorization = await createAuthorization({
    baseUrl: seeded.loginUrl,
    clientId: seeded.app.consumerKey,
    redirectUri: REDIRECT_URI,
    scopes: SCOPES,
    allowInsecureLoopback: true,
  });
  const callback = await new ScriptedBrowser().authorize(
    authorization.url,
    seeded.admin.username,
    seeded.admin.password,
  );
  const { code } = parseAuthorizationCallback(callback);
  remember(code);
  const error = await failure(
    exchangeCode({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: seeded.app.consumerSecret,
      redirectUri: REDIRECT_URI,
      code,
      codeVerifier: remember('x'.repeat(64)),
      allowInsecureLoopback: true,
    }),
  );
  assert.deepEqual(salesforceOutcome(error), { kind: 'invalid_request' });
});

test('exchanging with a wrong client secret is needs_reauth/credentials_invalid', async () => {
  const seeded = seedOrg(running);
  const error = await failure(
    exchangeCode({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: remember('a-wrong-secret-0123456789'),
      redirectUri: REDIRECT_URI,
      code: remember('aPrxNotARealCode0000=='),
      codeVerifier: remember('v'.repeat(64)),
      allowInsecureLoopback: true,
    }),
  );
  assert.equal(error.code, 'REAUTH_REQUIRED');
  assert.deepEqual(salesforceOutcome(error), {
    kind: 'needs_reauth',
    reason: 'credentials_invalid',
  });
  assert.equal(error.details.salesforceError, 'invalid_client');
});

test('the callback: Deny is AUTHORIZATION_DENIED, other errors are classified', () => {
  assert.throws(
    () =>
      parseAuthorizationCallback(
        new URL(
          `${REDIRECT_URI}?error=access_denied&error_description=end-user+denied+authorization&state=s1`,
        ),
      ),
    (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'AUTHORIZATION_DENIED');
      assert.equal((error as { details: { state: string } }).details.state, 's1');
      return true;
    },
  );
  assert.throws(
    () => parseAuthorizationCallback(new URLSearchParams('error=inactive_user&state=s2')),
    (error: unknown) => {
      assert.deepEqual(salesforceOutcome(error), {
        kind: 'needs_reauth',
        reason: 'user_inactive',
      });
      return true;
    },
  );
  assert.throws(
    () => parseAuthorizationCallback(new URLSearchParams('code=abc')),
    /no code or no state/,
  );
});

// A tiny token endpoint on 127.0.0.1:0 answering whatever the test sets.
let tokenServer: Server;
let tokenServerUrl = '';
let answer: Record<string, string> = {};
before(async () => {
  tokenServer = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenServerUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => tokenServer.close(() => resolve())));

const forgedSecret = 'the-real-consumer-secret-000';

function forgedAnswer(overrides: Record<string, string> = {}): Record<string, string> {
  const id = `${tokenServerUrl}/id/00D5e0000000001EAA/0055e0000000001AAA`;
  const issuedAt = '1700000000000';
  return {
    access_token: '00D5e0000000001!AQforgedAccessToken000000',
    refresh_token: '5Aep861forgedRefreshToken000000',
    signature: computeTokenSignature(forgedSecret, id, issuedAt),
    scope: 'api refresh_token id',
    instance_url: `${tokenServerUrl}/acme.my.salesforce.com`,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    ...overrides,
  };
}

function exchangeWithForgery() {
  return exchangeCode({
    baseUrl: tokenServerUrl,
    clientId: '3MVG9forged',
    clientSecret: remember(forgedSecret),
    redirectUri: REDIRECT_URI,
    code: remember('aPrxForgedCode0000=='),
    codeVerifier: remember('w'.repeat(64)),
    allowInsecureLoopback: true,
  });
}

test('a correctly signed answer from any server is accepted', async () => {
  answer = forgedAnswer();
  remember(answer.access_token!);
  remember(answer.refresh_token!);
  const tokens = await exchangeWithForgery();
  assert.equal(tokens.orgId, '00D5e0000000001EAA');
});

test('a token response with a tampered signature is refused', async () => {
  answer = forgedAnswer({ issued_at: '1700000000001' });
  remember(answer.access_token!);
  remember(answer.refresh_token!);
  const error = await failure(exchangeWithForgery());
  assert.equal(error.code, 'SALESFORCE_SIGNATURE_INVALID');
  assert.deepEqual(salesforceOutcome(error), { kind: 'invalid_response' });
});

test('a token response without a signature, or signed with another secret, is refused', async () => {
  const unsigned = forgedAnswer();
  delete unsigned.signature;
  answer = unsigned;
  assert.equal((await failure(exchangeWithForgery())).code, 'SALESFORCE_ERROR');

  const other = forgedAnswer();
  answer = {
    ...other,
    signature: computeTokenSignature('another-secret', other.id!, other.issued_at!),
  };
  assert.equal((await failure(exchangeWithForgery())).code, 'SALESFORCE_SIGNATURE_INVALID');
});

test('a signed answer naming a non-loopback http instance URL is refused', async () => {
  answer = forgedAnswer({ instance_url: 'http://acme.my.salesforce.com' });
  const error = await failure(exchangeWithForgery());
  assert.equal(error.code, 'SALESFORCE_ERROR');
  assert.match(error.message, /instance_url/);
});
