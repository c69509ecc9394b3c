import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';

const running = await useEmulator();
const seeded = seedBasicOrg(running);

const BODIES: Array<{ type: string | null; body: string }> = [
  { type: null, body: '' },
  { type: 'application/x-www-form-urlencoded', body: '' },
  { type: 'application/x-www-form-urlencoded', body: '%%%&&&===' },
  {
    type: 'application/x-www-form-urlencoded',
    body: 'grant_type=password&grant_type=refresh_token&username[a]=b',
  },
  {
    type: 'application/x-www-form-urlencoded',
    body: `grant_type=authorization_code&code=${'x'.repeat(5000)}`,
  },
  {
    type: 'application/x-www-form-urlencoded',
    body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c',
  },
  {
    type: 'application/x-www-form-urlencoded',
    body: 'grant_type=refresh_token&refresh_token=&client_id=',
  },
  { type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials' },
  { type: 'application/x-www-form-urlencoded', body: 'grant_type=__proto__&token=constructor' },
  { type: 'application/json', body: '{"grant_type":"password"' },
  {
    type: 'application/json',
    body: '{"grant_type":"password","username":["a"],"password":{"x":1}}',
  },
  { type: 'application/json', body: '[1,2,3]' },
  { type: 'text/plain', body: 'grant_type=password' },
  { type: 'text/xml', body: '<x/>' },
  {
    type: 'multipart/form-data; boundary=zzz',
    body: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--zzz--',
  },
  { type: 'application/octet-stream', body: '\u0000\u0001\u0002' },
];

const AUTH_HEADERS = [
  undefined,
  'Bearer',
  'Bearer ',
  'Basic !!!',
  'Basic Og==',
  'OAuth x y z',
  'Bearer \u00ff',
];

async function send(method: string, url: string, type: string | null, body: string, auth?: string) {
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  if (auth) headers.authorization = auth;
  return fetch(url, {
    method,
    headers,
    body: method === 'GET' ? undefined : body,
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
}

const host = running.loginUrl;
const ENDPOINTS: Array<[string, string]> = [
  ['POST', `${host}/services/oauth2/token`],
  ['POST', `${seeded.instanceUrl}/services/oauth2/token`],
  ['POST', `${host}/services/oauth2/revoke`],
  ['GET', `${host}/services/oauth2/revoke?token=%ZZ`],
  ['POST', `${host}/services/oauth2/introspect`],
  ['GET', `${host}/services/oauth2/userinfo`],
  ['POST', `${host}/services/oauth2/userinfo`],
  ['GET', `${host}/services/oauth2/authorize`],
  ['POST', `${host}/services/oauth2/authorize`],
  [
    'GET',
    `${host}/services/oauth2/authorize?client_id=${seeded.app.consumerKey}&redirect_uri=${encodeURIComponent(seeded.app.callbackUrls[0]!)}&response_type=code&code_challenge_method=weird`,
  ],
  [
    'POST',
    `${host}/services/oauth2/authorize?client_id=${seeded.app.consumerKey}&redirect_uri=${encodeURIComponent(seeded.app.callbackUrls[0]!)}&response_type=code`,
  ],
  ['GET', `${host}/id/${seeded.org.id}/${seeded.admin.id}`],
  ['POST', `${host}/id/garbage/garbage?format=xml`],
  ['GET', `${host}/id/keys`],
  ['GET', `${host}/.well-known/openid-configuration`],
];

async function assertNo5xx(
  method: string,
  url: string,
  type: string | null,
  body: string,
  auth?: string,
): Promise<void> {
  let response: Response;
  try {
    response = await send(method, url, type, body, auth);
  } catch (error) {
    // fetch refuses some header values itself; that is the client's limit, not ours.
    const reason = error instanceof TypeError ? `${error.message} ${String(error.cause)}` : '';
    if (/header/i.test(reason)) return;
    throw error;
  }
  const text = await response.text();
  assert.ok(
    response.status < 500,
    `${method} ${url} ${type} ${body.slice(0, 40)} ${auth} → ${response.status} ${text.slice(0, 200)}`,
  );
}

test('OAuth and identity endpoints never answer 5xx or hang on bad bodies', async () => {
  await Promise.all(
    ENDPOINTS.map(async ([method, url]) => {
      for (const { type, body } of BODIES) await assertNo5xx(method, url, type, body);
    }),
  );
});

test('OAuth and identity endpoints never answer 5xx or hang on bad Authorization headers', async () => {
  await Promise.all(
    ENDPOINTS.map(async ([method, url]) => {
      for (const auth of AUTH_HEADERS) {
        await assertNo5xx(method, url, 'application/x-www-form-urlencoded', 'token=x', auth);
      }
    }),
  );
});

test('token errors for bad input keep the OAuth error shape', async () => {
  const response = await send('POST', `${host}/services/oauth2/token`, 'application/json', '{bad');
  assert.equal(response.status, 400);
  const body = (await response.json()) as Record<string, string>;
  assert.equal(body.error, 'invalid_request');
  assert.equal(typeof body.error_description, 'string');
  const noGrant = await send('POST', `${host}/services/oauth2/token`, 'text/plain', 'hello');
  assert.equal(noGrant.status, 400);
  assert.deepEqual(await noGrant.json(), {
    error: 'unsupported_grant_type',
    error_description: 'grant type not supported',
  });
});

test('SOAP login answers faults, never crashes, on any body', async () => {
  for (const { type, body } of BODIES) {
    const response = await send('POST', `${host}/services/Soap/u/60.0`, type, body);
    assert.equal(response.status, 500);
    assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(await response.text(), /<soapenv:Fault>/);
  }
});

test('unknown hosts answer 404', async () => {
  const response = await fetch(`${running.baseUrl}/nope.example.com/services/oauth2/token`, {
    method: 'POST',
  });
  assert.equal(response.status, 404);
});
