import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { ADMIN_KEY, connectThroughApi, openApi, type ApiSetup } from '../helpers/api.ts';

const running = await useSalesforce();

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const JSON_TYPE = { 'content-type': 'application/json' };

/** [method, url, payload, headers, expected status, expected code] */
type Case = [Method, string, unknown, Record<string, string>, number, string];

function casesFor(id: string, loginUrl: string): Case[] {
  const c = `/api/v1/connections`;
  const huge = 'x'.repeat(100_000);
  const create = (body: unknown, status = 400, code = 'VALIDATION_FAILED'): Case => [
    'POST',
    c,
    body,
    {},
    status,
    code,
  ];
  return [
    // POST /connections: types, extra fields, sizes, enums, JSON and media type
    create({ nickname: 42, environment: 'production' }),
    create({ nickname: 'x', environment: 'production', extra: true }),
    create({ nickname: '', environment: 'production' }),
    create({ nickname: '   ', environment: 'production' }),
    create({ nickname: 'x'.repeat(101), environment: 'production' }),
    create({ nickname: huge, environment: 'production' }),
    create({ nickname: 'x', environment: 'staging' }),
    create({ nickname: 'a\u0001b', environment: 'production' }),
    create({ nickname: 'a\u0000b', environment: 'production' }),
    create({ nickname: 'x', environment: 'production', loginHint: 'a\u0000@b.example' }),
    create({ nickname: 'x', environment: 'production', 'a\u0000': 1 }),
    create({ nickname: 'x' }),
    create({ environment: 'production' }),
    create({ nickname: 'x', environment: 'production', authFlow: 'password' }),
    create({ nickname: 'x', environment: 'production', app: { clientId: 'abc' } }),
    create({
      nickname: 'x',
      environment: 'production',
      app: { clientId: 'a', clientSecret: 'b', extra: 1 },
    }),
    create({ nickname: 'x', environment: 'production', app: 'abc' }),
    create({ nickname: 'x', environment: 'production', scopes: 'api' }),
    create({ nickname: 'x', environment: 'production', scopes: [] }),
    create({ nickname: 'x', environment: 'production', scopes: ['api refresh_token'] }),
    create({ nickname: 'x', environment: 'production', scopes: ['api', 'api'] }),
    create({ nickname: 'x', environment: 'production', scopes: Array(51).fill('a') }),
    create({ nickname: 'x', environment: 'production', loginHint: huge }),
    create({ nickname: 'x', environment: 'production', loginUrl }),
    create({ nickname: 'x', environment: 'custom' }, 400, 'LOGIN_URL_INVALID'),
    create(
      { nickname: 'x', environment: 'custom', loginUrl: 'https://acme.lightning.force.com' },
      400,
      'LOGIN_URL_INVALID',
    ),
    create(
      { nickname: 'x', environment: 'custom', loginUrl: 'https://evil.example.com' },
      400,
      'LOGIN_URL_INVALID',
    ),
    create({ nickname: 'x', environment: 'custom', loginUrl: huge }),
    create({ nickname: 'Main', environment: 'production' }, 409, 'NICKNAME_TAKEN'),
    create([]),
    ['POST', c, '"just a string"', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', c, 'null', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', c, '{"nickname": ', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', c, '', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', c, '{"__proto__": {"admin": true}}', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', c, 'nickname=x', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'POST',
      c,
      'nickname=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'POST',
      c,
      JSON.stringify({ nickname: 'x'.repeat(300 * 1024), environment: 'production' }),
      JSON_TYPE,
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    // Ids: too long, wrong characters, unknown
    ['GET', `${c}/${'x'.repeat(101)}`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/a.b`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/%00`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/%3Cscript%3E`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/%E0%A4%A`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/conn_unknown`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['DELETE', `${c}/a.b`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['DELETE', `${c}/conn_unknown`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['POST', `${c}/a.b/disable`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/conn_unknown/enable`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['GET', `${c}/a.b/access-token`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/conn_unknown/access-token`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['GET', `${c}/a.b/proxy/services/data`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/conn_unknown/proxy/services`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    // Bodies of the other routes
    ['POST', `${c}/${id}/reauthorize`, { loginHint: 42 }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/reauthorize`, { loginHint: huge }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/reauthorize`, { other: 1 }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/reauthorize`, '{', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/disable`, { force: true }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/disable`, 'null', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    [
      'POST',
      `${c}/${id}/disable`,
      'x',
      { 'content-type': 'text/plain' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['POST', `${c}/${id}/enable`, [], {}, 400, 'VALIDATION_FAILED'],
    [
      'POST',
      `${c}/${id}/access-token/refresh`,
      { staleAccessToken: 42 },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    [
      'POST',
      `${c}/${id}/access-token/refresh`,
      { staleAccessToken: '' },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    [
      'POST',
      `${c}/${id}/access-token/refresh`,
      { staleAccessToken: huge },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    ['POST', `${c}/${id}/access-token/refresh`, { token: 'x' }, {}, 400, 'VALIDATION_FAILED'],
    [
      'POST',
      `${c}/${id}/access-token/refresh`,
      { staleAccessToken: 'x\u0000' },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    ['POST', `${c}/${id}/access-token/refresh`, '{"stale', JSON_TYPE, 400, 'VALIDATION_FAILED'],
    // Direct flows
    create({ nickname: 'x', environment: 'production', authFlow: 'password', credentials: {} }),
    create({
      nickname: 'x',
      environment: 'production',
      authFlow: 'password',
      credentials: { username: 'u', password: 'p', token: 'extra' },
    }),
    create({
      nickname: 'x',
      environment: 'production',
      authFlow: 'jwt_bearer',
      credentials: { username: 'u', privateKey: 'x\u0000' },
    }),
    create({ nickname: 'x', environment: 'production', authFlow: 'client_credentials' }),
    create({ nickname: 'x', environment: 'production', authFlow: 'saml' }),
    create({ nickname: 'x', environment: 'production', credentials: { username: 'u' } }),
    create({ nickname: 'x', environment: 'production', passwordExpiryDays: -1 }),
    create({ nickname: 'x', environment: 'production', permissions: { preset: 'nope' } }),
    create({ nickname: 'x', environment: 'production', permissions: { profile: 'a b' } }),
    [
      'POST',
      `${c}/${id}/reauthorize`,
      { credentials: { password: 'x' } },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    // Health and permissions
    ['GET', `${c}/${id}/health?limit=0`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/${id}/health?limit=${huge}`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/conn_unknown/health`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['POST', `${c}/${id}/health/check`, { now: true }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/conn_unknown/health/check`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['PUT', `${c}/${id}/permissions`, {}, {}, 400, 'VALIDATION_FAILED'],
    [
      'PUT',
      `${c}/${id}/permissions`,
      { preset: 'abm', profile: 'x' },
      {},
      400,
      'VALIDATION_FAILED',
    ],
    ['PUT', `${c}/${id}/permissions`, { profile: 'unknown' }, {}, 400, 'VALIDATION_FAILED'],
    ['POST', `${c}/${id}/permissions/check`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `${c}/conn_unknown/permissions`, undefined, {}, 404, 'CONNECTION_NOT_FOUND'],
    ['PUT', '/api/v1/permission-profiles/a%20b', { objects: [] }, {}, 400, 'VALIDATION_FAILED'],
    ['PUT', '/api/v1/permission-profiles/ok', { objects: 'Account' }, {}, 400, 'VALIDATION_FAILED'],
    ['PUT', '/api/v1/permission-profiles/ok', [], {}, 400, 'VALIDATION_FAILED'],
    ['DELETE', '/api/v1/permission-profiles/unknown', undefined, {}, 404, 'NOT_FOUND'],
    // Queries
    ['GET', `/api/v1/events?limit=${huge}`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `/api/v1/events?connectionId=${huge}`, undefined, {}, 400, 'VALIDATION_FAILED'],
    ['GET', `/api/v1/events?after[]=1`, undefined, {}, 400, 'VALIDATION_FAILED'],
    // Methods a route does not have
    ['PUT', `${c}/${id}`, {}, {}, 404, 'NOT_FOUND'],
    ['GET', `${c}/${id}/disable`, undefined, {}, 404, 'NOT_FOUND'],
    ['DELETE', `${c}/${id}/access-token`, undefined, {}, 404, 'NOT_FOUND'],
  ];
}

/** Hostile bodies sent to every JSON route, in every content type: never a 5xx. */
const HOSTILE_BODIES: Array<[string, Record<string, string>]> = [
  ['{', JSON_TYPE],
  ['null', JSON_TYPE],
  ['"x"', JSON_TYPE],
  ['1e999', JSON_TYPE],
  ['{"constructor":{"prototype":{"x":1}}}', JSON_TYPE],
  [`${'['.repeat(5000)}${']'.repeat(5000)}`, JSON_TYPE],
  [JSON.stringify({ nickname: '\u0000\ud800', environment: 'production' }), JSON_TYPE],
  ['\u0000\u0001binary', { 'content-type': 'application/octet-stream' }],
  ['a=1', { 'content-type': 'application/x-www-form-urlencoded' }],
  ['{}', { 'content-type': 'application/json; charset=latin1' }],
  ['{}', { 'content-type': '' }],
  ['{}', {}],
];

for (const dialect of DIALECTS) {
  describe(`bad input on every route on ${dialect}`, () => {
    let setup: ApiSetup;
    let id = '';
    let loginUrl = '';
    before(async () => {
      const seeded = seedOrg(running);
      loginUrl = seeded.instanceUrl;
      setup = await openApi(dialect, running, seeded.app);
      id = (await connectThroughApi(setup, seeded.admin)).id;
    });
    after(() => setup.close());

    test('each bad request gets its 4xx and stable code', async () => {
      for (const [method, url, payload, headers, status, code] of casesFor(id, loginUrl)) {
        const response = await setup.call(setup.a.apiKey, method, url, payload, headers);
        const label = `${method} ${url.slice(0, 80)} ${JSON.stringify(payload)?.slice(0, 80)}`;
        assert.equal(response.statusCode, status, `${label}: ${response.body.slice(0, 300)}`);
        assert.equal(response.json<{ error: { code: string } }>().error.code, code, label);
      }
    });

    test('hostile bodies on every route: 4xx with a code, never a 5xx', async () => {
      const routes: Array<[Method, string]> = [
        ['POST', '/api/v1/connections'],
        ['POST', `/api/v1/connections/${id}/reauthorize`],
        ['POST', `/api/v1/connections/${id}/disable`],
        ['POST', `/api/v1/connections/${id}/enable`],
        ['POST', `/api/v1/connections/${id}/access-token/refresh`],
        ['POST', '/api/v1/workspaces'],
        ['POST', `/api/v1/connections/${id}/health/check`],
        ['PUT', `/api/v1/connections/${id}/permissions`],
        ['POST', `/api/v1/connections/${id}/permissions/check`],
        ['PUT', '/api/v1/permission-profiles/hostile'],
        ['PUT', `/api/v1/connections/${id}/mappings`],
        ['POST', `/api/v1/connections/${id}/objects/Account/writes`],
      ];
      for (const [method, url] of routes) {
        for (const [payload, headers] of HOSTILE_BODIES) {
          const response = await setup.call(setup.a.apiKey, method, url, payload, headers);
          const label = `${method} ${url} ${payload.slice(0, 40)} ${JSON.stringify(headers)}`;
          assert.ok(response.statusCode < 500, `${label}: ${response.statusCode}`);
          if (response.statusCode >= 400)
            assert.match(response.json<{ error: { code: string } }>().error.code, /^[A-Z_]+$/);
        }
      }
      for (const name of ['\u0000', 'a\u0000b']) {
        const workspace = await setup.call(ADMIN_KEY, 'POST', '/api/v1/workspaces', { name });
        assert.equal(workspace.statusCode, 400, JSON.stringify(name));
        assert.equal(workspace.json<{ error: { code: string } }>().error.code, 'VALIDATION_FAILED');
      }
      const still = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`);
      assert.equal(
        still.json<{ status: string }>().status,
        'active',
        'nothing hostile took effect',
      );
    });

    test('every route of the OpenAPI document validates what it is given', async () => {
      const doc = (await setup.call(null, 'GET', '/api/v1/openapi.json')).json<{
        paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>;
      }>();
      for (const path of [
        '/api/v1/connections',
        '/api/v1/connections/{id}',
        '/api/v1/connections/{id}/reauthorize',
        '/api/v1/connections/{id}/disable',
        '/api/v1/connections/{id}/enable',
        '/api/v1/connections/{id}/access-token',
        '/api/v1/connections/{id}/access-token/refresh',
        '/api/v1/events',
        '/api/v1/connections/{id}/health',
        '/api/v1/connections/{id}/health/check',
        '/api/v1/connections/{id}/permissions',
        '/api/v1/connections/{id}/permissions/check',
        '/api/v1/permission-profiles',
        '/api/v1/permission-profiles/{name}',
        '/api/v1/connections/{id}/objects/{object}/writes',
        '/api/v1/connections/{id}/writes/{writeId}',
      ]) {
        assert.ok(path in doc.paths, path);
      }
      assert.ok(
        Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/connections/{id}/proxy/')),
      );
    });
  });
}
