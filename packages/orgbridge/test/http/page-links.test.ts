/**
 * What the connections page stands on: signed page links (their scope, expiry and forgery),
 * `GET /page-session`, the return to the page after Salesforce (`returnTo`), and the page's
 * own assets and headers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { authorizeAs, seedOrg, useSalesforce } from '../helpers/connections.ts';
import { ADMIN_KEY, connectThroughApi, errorCode, openApi } from '../helpers/api.ts';
import { buildApp } from '../../src/http/app.ts';
import { WorkspaceService } from '../../src/workspaces/workspace-service.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { ApiKeyRepository } from '../../src/store/api-key-repository.ts';
import { openStore } from '../../src/store/open-store.ts';

const running = await useSalesforce();

const tokenOf = (url: string) => {
  const match = /#link=(obl_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(url);
  assert.ok(match, `a link URL with the token in its fragment: ${url}`);
  return match[1]!;
};

for (const dialect of DIALECTS) {
  describe(`page links on ${dialect}`, () => {
    test('a workspace link reaches what the page does, and nothing that hands out secrets', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const made = await setup.call(setup.a.apiKey, 'POST', '/api/v1/page-links', {});
        assert.equal(made.statusCode, 201, made.body);
        const body = made.json<{ url: string; connectionId: null; expiresAt: string }>();
        assert.equal(body.connectionId, null);
        assert.ok(body.url.startsWith(`${setup.ctx.config.publicUrl}/#link=`));
        const expires = Date.parse(body.expiresAt) - Date.now();
        assert.ok(expires > 3500_000 && expires <= 3600_000, 'an hour by default');
        const link = tokenOf(body.url);

        const session = await setup.call(link, 'GET', '/api/v1/page-session');
        assert.equal(session.statusCode, 200);
        assert.deepEqual(session.json(), {
          workspaceId: setup.a.id,
          connectionId: null,
          kind: 'link',
          expiresAt: body.expiresAt,
        });
        assert.equal((await setup.call(link, 'GET', '/api/v1/connections')).statusCode, 200);
        assert.equal((await setup.call(link, 'GET', `/api/v1/connections/${id}`)).statusCode, 200);
        assert.equal(
          (await setup.call(link, 'GET', `/api/v1/events?connectionId=${id}`)).statusCode,
          200,
        );
        for (const [method, url] of [
          ['GET', `/api/v1/connections/${id}/access-token`],
          ['POST', `/api/v1/connections/${id}/access-token/refresh`],
          ['GET', `/api/v1/connections/${id}/proxy/services/data`],
          ['GET', '/api/v1/webhooks'],
          ['POST', '/api/v1/page-links'],
          ['GET', '/api/v1/notification-settings'],
        ] as const) {
          const refused = await setup.call(link, method, url, method === 'POST' ? {} : undefined);
          assert.equal(refused.statusCode, 403, `${method} ${url}: ${refused.body}`);
          assert.equal(errorCode(refused), 'FORBIDDEN');
          assert.doesNotMatch(refused.body, /accessToken/);
        }
        // The workspace key itself says what it is.
        const byKey = await setup.call(setup.a.apiKey, 'GET', '/api/v1/page-session');
        assert.equal(byKey.json<{ kind: string }>().kind, 'workspace_key');
      } finally {
        await setup.close();
      }
    });

    test('a connection link reaches that connection only, and only to look and re-authorize', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const other = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Other',
          environment: 'sandbox',
        });
        const otherId = other.json<{ connection: { id: string } }>().connection.id;
        const made = await setup.call(setup.a.apiKey, 'POST', '/api/v1/page-links', {
          connectionId: id,
          ttlSeconds: 600,
        });
        assert.equal(made.statusCode, 201, made.body);
        const link = tokenOf(made.json<{ url: string }>().url);
        const session = (await setup.call(link, 'GET', '/api/v1/page-session')).json<{
          connectionId: string;
        }>();
        assert.equal(session.connectionId, id);
        assert.equal((await setup.call(link, 'GET', `/api/v1/connections/${id}`)).statusCode, 200);
        assert.equal(
          (await setup.call(link, 'GET', `/api/v1/connections/${id}/health`)).statusCode,
          200,
        );
        const reauth = await setup.call(link, 'POST', `/api/v1/connections/${id}/reauthorize`, {
          returnTo: '/',
        });
        assert.equal(reauth.statusCode, 200, reauth.body);
        for (const [method, url, payload] of [
          ['GET', '/api/v1/connections', undefined],
          ['GET', `/api/v1/connections/${otherId}`, undefined],
          ['GET', '/api/v1/events', undefined],
          ['GET', `/api/v1/events?connectionId=${otherId}`, undefined],
          ['POST', `/api/v1/connections/${id}/disable`, {}],
          ['DELETE', `/api/v1/connections/${id}`, undefined],
          ['POST', '/api/v1/connections', { nickname: 'X', environment: 'production' }],
        ] as const) {
          const refused = await setup.call(link, method, url, payload);
          assert.equal(refused.statusCode, 403, `${method} ${url}: ${refused.body}`);
        }
      } finally {
        await setup.close();
      }
    });

    test('links expire, forged or foreign links are unknown keys, and only a key makes them', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const made = await setup.call(setup.a.apiKey, 'POST', '/api/v1/page-links', {
          ttlSeconds: 60,
        });
        const link = tokenOf(made.json<{ url: string }>().url);
        // Another workspace's connection: not found, as everywhere else.
        const foreign = await setup.call(setup.b.apiKey, 'POST', '/api/v1/page-links', {
          connectionId: 'conn_nope',
        });
        assert.equal(foreign.statusCode, 404);
        assert.equal(
          (await setup.call(ADMIN_KEY, 'POST', '/api/v1/page-links', {})).statusCode,
          403,
          'the admin key manages workspaces, not pages',
        );
        for (const ttlSeconds of [0, 59, 7 * 86_400 + 1, 'long'])
          assert.equal(
            (await setup.call(setup.a.apiKey, 'POST', '/api/v1/page-links', { ttlSeconds }))
              .statusCode,
            400,
          );
        // A link cannot make another link, so a leaked link cannot outlive its expiry.
        assert.equal((await setup.call(link, 'POST', '/api/v1/page-links', {})).statusCode, 403);

        const [header, body, mac] = link.slice(4).split('.');
        const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as {
          sub: string;
        };
        assert.equal(payload.sub, setup.a.id);
        const swapped = Buffer.from(JSON.stringify({ ...payload, sub: setup.b.id })).toString(
          'base64url',
        );
        const unsigned = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        for (const forged of [
          `obl_${header}.${swapped}.${mac}`,
          `obl_${unsigned}.${body}.`,
          `${link}x`,
          'obl_.',
          'obl_e30.e30.AAAA',
        ]) {
          const refused = await setup.call(forged, 'GET', '/api/v1/page-session');
          assert.equal(refused.statusCode, 401, forged);
          assert.equal(errorCode(refused), 'UNAUTHENTICATED');
        }
        setup.advance(61_000);
        const expired = await setup.call(link, 'GET', '/api/v1/page-session');
        assert.equal(expired.statusCode, 401);
        assert.match(expired.json<{ error: { message: string } }>().error.message, /expired/);
      } finally {
        await setup.close();
      }
    });

    test('returnTo brings the browser back to the page with the outcome; other hosts are refused', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Page',
          environment: 'production',
          returnTo: '/',
        });
        assert.equal(created.statusCode, 201, created.body);
        const { connection, authorizeUrl } = created.json<{
          connection: { id: string };
          authorizeUrl: string;
        }>();
        const params = await authorizeAs(authorizeUrl, admin);
        const back = await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        assert.equal(back.statusCode, 303, back.body);
        assert.equal(back.headers.location, `/?connection=${connection.id}&outcome=connected`);
        assert.equal(back.headers['cache-control'], 'no-store');
        // The same state again: the failure goes back to the page too, with its code.
        const again = await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        assert.equal(again.statusCode, 303);
        const location = new URL(String(again.headers.location), 'http://x');
        assert.equal(location.searchParams.get('outcome'), 'failed');
        assert.equal(location.searchParams.get('code'), 'CONNECT_SESSION_USED');
        assert.ok(location.searchParams.get('message'));

        const reauth = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${connection.id}/reauthorize`,
          { returnTo: '/?from=email' },
        );
        const reParams = await authorizeAs(
          reauth.json<{ authorizeUrl: string }>().authorizeUrl,
          admin,
        );
        const reBack = await setup.call(null, 'GET', `/oauth/callback?${reParams.toString()}`);
        assert.equal(
          reBack.headers.location,
          `/?from=email&connection=${connection.id}&outcome=reauthorized`,
        );

        for (const returnTo of [
          'https://evil.example/',
          '//evil.example/',
          '/\\evil.example',
          'relative',
          '/has space',
        ]) {
          const refused = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
            nickname: `Bad ${returnTo}`,
            environment: 'production',
            returnTo,
          });
          assert.equal(refused.statusCode, 400, returnTo);
          assert.equal(errorCode(refused), 'VALIDATION_FAILED');
        }
        // Without returnTo the callback answers with its own page, as before.
        const { page } = await connectThroughApi(setup, admin, { nickname: 'Plain' });
        assert.equal(page.statusCode, 200);
      } finally {
        await setup.close();
      }
    });
  });
}

test('the page is served at / with a strict policy; without a build, / says how to make one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-page-'));
  const noBuild = mkdtempSync(join(tmpdir(), 'orgbridge-nopage-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(dir, 'app-abc123.js'), 'console.log(1)');
  const store = await openStore('sqlite::memory:');
  const workspaces = new WorkspaceService({
    workspaces: new WorkspaceRepository(store.db),
    apiKeys: new ApiKeyRepository(store.db),
  });
  const built = await buildApp({ adminApiKey: ADMIN_KEY, workspaces, pageDir: dir });
  const unbuilt = await buildApp({ adminApiKey: ADMIN_KEY, workspaces, pageDir: noBuild });
  try {
    const index = await built.inject({ method: 'GET', url: '/' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /<title>page<\/title>/);
    assert.match(String(index.headers['content-security-policy']), /default-src 'self'/);
    assert.match(String(index.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    const asset = await built.inject({ method: 'GET', url: '/app-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    // The API is still the API.
    assert.equal((await built.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    const missing = await unbuilt.inject({ method: 'GET', url: '/' });
    assert.equal(missing.statusCode, 503);
    assert.match(missing.body, /npm run build:web/);
  } finally {
    await built.close();
    await unbuilt.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(noBuild, { recursive: true, force: true });
  }
});
