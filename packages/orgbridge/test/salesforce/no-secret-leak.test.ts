import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { deactivateUser, injectFault, clearFaults } from '@orgbridge/salesforce-emulator';
import { AppError } from '../../src/errors.ts';
import {
  exchangeCode,
  fetchIdentity,
  refreshAccessToken,
  revokeToken,
  salesforceRequest,
} from '../../src/salesforce/index.ts';
import {
  assertNoSecrets,
  authorize,
  dumpError,
  REDIRECT_URI,
  remember,
  seedOrg,
  seenSecrets,
  useEmulator,
} from './support.ts';

const running = await useEmulator();

// A hostile "Salesforce" that echoes every request (body, headers, URL) back inside its errors,
// in every shape the client parses: OAuth errors, REST error arrays, plain text, malformed JSON.
let hostile: Server;
let hostileUrl = '';
before(async () => {
  hostile = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      // The body first, so the secrets fall within what the client keeps of a description.
      const echo = `${Buffer.concat(chunks).toString()} ${request.method} ${request.url} ${JSON.stringify(request.headers)}`;
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
        response.end(JSON.stringify(body));
      };
      const url = request.url ?? '';
      if (url.includes('/token-ok-but-broken/')) {
        // 200 without token_type: oauth4webapi's error would carry the whole body.
        return json(200, { access_token: echo, refresh_token: echo, error_hint: echo });
      }
      if (url.includes('/services/oauth2/token'))
        return json(400, { error: 'invalid_grant', error_description: echo });
      if (url.includes('/services/oauth2/revoke'))
        return json(400, { error: `weird ${echo}`, error_description: echo });
      if (url.includes('/id/')) {
        response.writeHead(403, { 'content-type': 'text/plain' });
        return response.end(echo);
      }
      if (url.includes('/malformed'))
        return (
          response.writeHead(200, { 'content-type': 'application/json' }),
          response.end(`{${echo}`)
        );
      return json(400, [{ errorCode: `CODE_${echo}`, message: echo, fields: [echo] }]);
    });
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => hostile.close(() => resolve())));

/** Runs a call that must fail, returning the error for the final scan. */
async function collect(errors: unknown[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    errors.push(error);
    return;
  }
  assert.fail('expected a failure');
}

test('no thrown error carries a token, code, verifier or client secret', async (t) => {
  t.after(() => clearFaults(running.emulator));
  const errors: unknown[] = [];
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  const secret = seeded.app.consumerSecret;
  const insecure = { allowInsecureLoopback: true };
  const code = remember('aPrxEchoedAuthorizationCode0000==');
  const verifier = remember('echoedVerifier'.repeat(5));

  // Salesforce's own failures (emulator), all carrying the secrets in the request.
  await collect(errors, () =>
    exchangeCode({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: secret,
      redirectUri: REDIRECT_URI,
      code,
      codeVerifier: verifier,
      ...insecure,
    }),
  );
  injectFault(running.emulator, { kind: 'drop', pathPrefix: '/services/oauth2/token', count: 1 });
  await collect(errors, () =>
    refreshAccessToken({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: secret,
      refreshToken: tokens.refreshToken!,
      ...insecure,
    }),
  );
  deactivateUser(running.emulator, seeded.org.id, seeded.admin.id);
  await collect(errors, () =>
    refreshAccessToken({
      baseUrl: seeded.loginUrl,
      clientId: seeded.app.consumerKey,
      clientSecret: secret,
      refreshToken: tokens.refreshToken!,
      ...insecure,
    }),
  );
  await collect(errors, () =>
    fetchIdentity({
      identityUrl: tokens.identityUrl,
      accessToken: tokens.accessToken,
      instanceUrl: tokens.instanceUrl,
      ...insecure,
    }),
  );
  await collect(errors, () =>
    salesforceRequest({
      instanceUrl: tokens.instanceUrl,
      accessToken: tokens.accessToken,
      path: `/services/data/v62.0/query?q=SELECT+Id+FROM+Account&token=${tokens.accessToken}`,
      ...insecure,
    }),
  );
  // Nothing listening: the network error's cause must not name the request either.
  await collect(errors, () =>
    salesforceRequest({
      instanceUrl: 'http://127.0.0.1:1',
      accessToken: tokens.accessToken,
      path: `/services/data?access_token=${tokens.accessToken}`,
      ...insecure,
    }),
  );

  // A hostile server echoing the secrets back in every error shape.
  const hostileCalls: (() => Promise<unknown>)[] = [
    () =>
      exchangeCode({
        baseUrl: hostileUrl,
        clientId: 'client',
        clientSecret: secret,
        redirectUri: REDIRECT_URI,
        code,
        codeVerifier: verifier,
        ...insecure,
      }),
    () =>
      refreshAccessToken({
        baseUrl: hostileUrl,
        clientId: 'client',
        clientSecret: secret,
        refreshToken: tokens.refreshToken!,
        ...insecure,
      }),
    () =>
      refreshAccessToken({
        baseUrl: `${hostileUrl}/token-ok-but-broken`,
        clientId: 'client',
        clientSecret: secret,
        refreshToken: tokens.refreshToken!,
        ...insecure,
      }),
    () => revokeToken({ baseUrl: hostileUrl, token: tokens.refreshToken!, ...insecure }),
    () =>
      fetchIdentity({
        identityUrl: `${hostileUrl}/id/00D5e0000000001EAA/0055e0000000001AAA`,
        accessToken: tokens.accessToken,
        instanceUrl: hostileUrl,
        ...insecure,
      }),
    () =>
      salesforceRequest({
        instanceUrl: hostileUrl,
        accessToken: tokens.accessToken,
        path: '/services/data/v62.0/sobjects/Account',
        method: 'POST',
        body: { Name: 'x' },
        ...insecure,
      }),
    () =>
      salesforceRequest({
        instanceUrl: hostileUrl,
        accessToken: tokens.accessToken,
        path: '/malformed',
        ...insecure,
      }),
  ];
  for (const call of hostileCalls) await collect(errors, call);

  assert.equal(errors.length, 6 + hostileCalls.length);
  assert.ok(seenSecrets.has(tokens.accessToken) && seenSecrets.has(secret));
  for (const error of errors) {
    assert.ok(error instanceof AppError, dumpError(error));
    assertNoSecrets(error);
  }
});
