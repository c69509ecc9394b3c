import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOrg, createUser } from '@orgbridge/salesforce-emulator';
import type { LightMyRequestResponse } from 'fastify';
import { DIALECTS } from '../helpers/databases.ts';
import { authorizeAs, seedOrg, useSalesforce } from '../helpers/connections.ts';
import {
  connectThroughApi,
  openApi,
  reauthorizeThroughApi,
  type ApiSetup,
  type ConnectionBody,
} from '../helpers/api.ts';

const running = await useSalesforce();

/** Every callback page, success or not, carries these. */
function assertPageHeaders(page: LightMyRequestResponse): void {
  assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8$/);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal(
    page.headers['content-security-policy'],
    "default-src 'none'; style-src 'unsafe-inline'",
  );
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.doesNotMatch(page.body, /<script|<img|<link|https?:\/\/(?!127\.0\.0\.1)/i);
}

async function create(setup: ApiSetup, nickname: string) {
  const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
    nickname,
    environment: 'production',
  });
  assert.equal(created.statusCode, 201);
  return created.json<{ connection: ConnectionBody; authorizeUrl: string }>();
}

const callback = (setup: ApiSetup, params: URLSearchParams) =>
  setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);

for (const dialect of DIALECTS) {
  describe(`OAuth callback page on ${dialect}`, () => {
    test('success names the connection, the org and the user, all escaped', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const nickname = '<b>Acme</b> & "Co"';
        const { page } = await connectThroughApi(setup, admin, { nickname });
        assert.equal(page.statusCode, 200);
        assertPageHeaders(page);
        assert.ok(page.body.includes('&lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Co&quot;'));
        assert.ok(!page.body.includes('<b>Acme</b>'));
        assert.match(page.body, /<h1>Connected<\/h1>/);
        assert.ok(page.body.includes(`Connected <strong>`));
        assert.ok(page.body.includes(org.id));
        assert.ok(page.body.includes(admin.username));
      } finally {
        await setup.close();
      }
    });

    test('re-authorization says so', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const page = await callback(setup, await reauthorizeThroughApi(setup, id, admin));
        assert.equal(page.statusCode, 200);
        assertPageHeaders(page);
        assert.match(page.body, /Re-authorized <strong>Main<\/strong>/);
      } finally {
        await setup.close();
      }
    });

    test('a denial at Salesforce: 400 page, the connection stays pending', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { connection, authorizeUrl } = await create(setup, 'Denied');
        const state = new URL(authorizeUrl).searchParams.get('state')!;
        const page = await callback(
          setup,
          new URLSearchParams({
            error: 'access_denied',
            error_description: 'end-user denied authorization',
            state,
          }),
        );
        assert.equal(page.statusCode, 400);
        assertPageHeaders(page);
        assert.match(page.body, /Access was not allowed/);
        assert.match(page.body, /AUTHORIZATION_DENIED/);
        const shown = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}`,
        );
        assert.equal(shown.json<ConnectionBody>().status, 'pending');
      } finally {
        await setup.close();
      }
    });

    test('a reused link: 400 page saying it was already used', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { params } = await connectThroughApi(setup, admin);
        const page = await callback(setup, params);
        assert.equal(page.statusCode, 400);
        assertPageHeaders(page);
        assert.match(page.body, /already used/);
        assert.match(page.body, /CONNECT_SESSION_USED/);
      } finally {
        await setup.close();
      }
    });

    test('an expired link: 400 page saying it expired', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { authorizeUrl } = await create(setup, 'Late');
        const params = await authorizeAs(authorizeUrl, admin);
        setup.advance(11 * 60 * 1000);
        const page = await callback(setup, params);
        assert.equal(page.statusCode, 400);
        assertPageHeaders(page);
        assert.match(page.body, /expired/);
        assert.match(page.body, /CONNECT_SESSION_EXPIRED/);
      } finally {
        await setup.close();
      }
    });

    test('an unknown or missing state: 400 page', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        for (const query of ['code=abc&state=nope', '', 'state=&code=', 'x=%ZZ']) {
          const page = await setup.call(null, 'GET', `/oauth/callback?${query}`);
          assert.equal(page.statusCode, 400, query);
          assertPageHeaders(page);
          assert.match(page.body, /CONNECT_SESSION_UNKNOWN/);
        }
        const long = await setup.call(null, 'GET', `/oauth/callback?state=${'x'.repeat(9000)}`);
        assert.equal(long.statusCode, 400);
        assertPageHeaders(long);
        const head = await setup.call(null, 'HEAD', '/oauth/callback?code=abc&state=nope');
        assert.equal(head.statusCode, 404, 'a HEAD never uses up a link');
      } finally {
        await setup.close();
      }
    });

    test('another org at re-authorization: 400 page explaining the mismatch; the old grant is kept', async () => {
      const { admin, app } = seedOrg(running);
      const other = createOrg(running.emulator, { name: 'Other' });
      const stranger = createUser(running.emulator, other.id, {
        username: `s.${Date.now()}@other.example`,
        profile: 'System Administrator',
      });
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const page = await callback(setup, await reauthorizeThroughApi(setup, id, stranger));
        assert.equal(page.statusCode, 400);
        assertPageHeaders(page);
        assert.match(page.body, /Wrong Salesforce org/);
        assert.ok(page.body.includes(other.id));
        assert.match(page.body, /stays with the org it was first authorized for/);
        const shown = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`);
        assert.equal(shown.json<ConnectionBody>().status, 'active');
        const token = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/access-token`,
        );
        assert.equal(token.statusCode, 200);
      } finally {
        await setup.close();
      }
    });

    test("a refusal by Salesforce is explained in plain words, and Salesforce's text is escaped", async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { authorizeUrl } = await create(setup, 'Refused');
        const state = new URL(authorizeUrl).searchParams.get('state')!;
        const page = await callback(
          setup,
          new URLSearchParams({
            error: 'invalid_client_id',
            error_description: 'client identifier invalid <script>alert(1)</script>',
            state,
          }),
        );
        assert.equal(page.statusCode, 400);
        assertPageHeaders(page);
        assert.match(page.body, /Salesforce refused the authorization/);
        assert.match(page.body, /connected app was removed or uninstalled/);
        assert.ok(page.body.includes('&lt;script&gt;'));
      } finally {
        await setup.close();
      }
    });
  });
}
