import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revokeGrantsOfUser } from '@orgbridge/salesforce-emulator';
import { DIALECTS } from '../helpers/databases.ts';
import { authorizeAs, seedOrg, useSalesforce } from '../helpers/connections.ts';
import {
  ADMIN_KEY,
  connectThroughApi,
  errorCode,
  openApi,
  reauthorizeThroughApi,
  type ConnectionBody,
} from '../helpers/api.ts';

const running = await useSalesforce();

async function eventTypes(
  setup: Awaited<ReturnType<typeof openApi>>,
  id: string,
): Promise<string[]> {
  const response = await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}`);
  assert.equal(response.statusCode, 200);
  return response.json<{ events: Array<{ type: string }> }>().events.map((e) => e.type);
}

for (const dialect of DIALECTS) {
  describe(`connections API on ${dialect}`, () => {
    test('create answers 201 with a pending connection and a connect link; the callback makes it active', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Main',
          environment: 'production',
          authFlow: 'web_server',
          loginHint: admin.username,
        });
        assert.equal(created.statusCode, 201);
        const body = created.json<{
          connection: ConnectionBody;
          authorizeUrl: string;
          expiresAt: string;
          warnings: unknown[];
        }>();
        assert.equal(body.connection.status, 'pending');
        assert.equal(body.connection.nickname, 'Main');
        assert.ok(body.authorizeUrl.startsWith(running.loginUrl));
        assert.ok(Date.parse(body.expiresAt) > Date.now());
        assert.deepEqual(body.warnings, []);

        const listed = await setup.call(setup.a.apiKey, 'GET', '/api/v1/connections');
        assert.deepEqual(
          listed.json<{ connections: ConnectionBody[] }>().connections.map((c) => c.status),
          ['pending'],
        );

        const params = await authorizeAs(body.authorizeUrl, admin);
        const page = await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        assert.equal(page.statusCode, 200);

        const shown = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${body.connection.id}`,
        );
        assert.equal(shown.statusCode, 200);
        const connection = shown.json<ConnectionBody>();
        assert.equal(connection.status, 'active');
        assert.equal(connection.identity?.orgId, org.id);
        assert.equal(connection.identity?.username, admin.username);
      } finally {
        await setup.close();
      }
    });

    test('a custom My Domain connection and its own connected app', async () => {
      const { admin, app, instanceUrl } = seedOrg(running);
      const own = seedOrg(running).app;
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Mine',
          environment: 'custom',
          loginUrl: instanceUrl,
          app: { clientId: own.consumerKey, clientSecret: own.consumerSecret },
          scopes: ['api', 'refresh_token'],
        });
        assert.equal(created.statusCode, 201, created.body);
        const { connection, authorizeUrl } = created.json<{
          connection: ConnectionBody & { scopes: string[]; environment: string };
          authorizeUrl: string;
        }>();
        assert.equal(connection.ownApp, true);
        assert.equal(connection.environment, 'custom');
        assert.deepEqual(connection.scopes, ['api', 'refresh_token']);
        assert.ok(authorizeUrl.startsWith(instanceUrl));
        assert.equal(new URL(authorizeUrl).searchParams.get('client_id'), own.consumerKey);
        const page = await setup.call(
          null,
          'GET',
          `/oauth/callback?${(await authorizeAs(authorizeUrl, admin)).toString()}`,
        );
        assert.equal(page.statusCode, 200, page.body);
      } finally {
        await setup.close();
      }
    });

    test('reauthorize opens a new link and the callback re-authorizes the same connection', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const started = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/reauthorize`,
        );
        assert.equal(started.statusCode, 200);
        const link = started.json<{ authorizeUrl: string; expiresAt: string }>();
        assert.deepEqual(Object.keys(link).sort(), ['authorizeUrl', 'expiresAt']);
        const params = await reauthorizeThroughApi(setup, id, admin);
        const page = await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Re-authorized/);
        const listed = await setup.call(setup.a.apiKey, 'GET', '/api/v1/connections');
        assert.deepEqual(
          listed.json<{ connections: ConnectionBody[] }>().connections.map((c) => [c.id, c.status]),
          [[id, 'active']],
        );
        assert.deepEqual(await eventTypes(setup, id), [
          'connection.created',
          'connection.reauthorized',
        ]);
      } finally {
        await setup.close();
      }
    });

    test('the access token works at Salesforce and is never cached', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/access-token`,
        );
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['cache-control'], 'no-store');
        const token = response.json<{
          accessToken: string;
          instanceUrl: string;
          issuedAt: string;
        }>();
        assert.ok(!Number.isNaN(Date.parse(token.issuedAt)));
        const works = await fetch(`${token.instanceUrl}/services/data/v60.0/`, {
          headers: { authorization: `Bearer ${token.accessToken}` },
        });
        assert.equal(works.status, 200);
        assert.equal(setup.refreshes(), 0, 'a warm token is handed out as is');
      } finally {
        await setup.close();
      }
    });

    test('access-token refresh replaces a stale token once; reporting it again returns the new one', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const url = `/api/v1/connections/${id}/access-token`;
        const first = (await setup.call(setup.a.apiKey, 'GET', url)).json<{
          accessToken: string;
        }>();
        const reports = await Promise.all(
          Array.from({ length: 5 }, () =>
            setup.call(setup.a.apiKey, 'POST', `${url}/refresh`, {
              staleAccessToken: first.accessToken,
            }),
          ),
        );
        const fresh = new Set(
          reports.map((r) => {
            assert.equal(r.statusCode, 200);
            assert.equal(r.headers['cache-control'], 'no-store');
            return r.json<{ accessToken: string }>().accessToken;
          }),
        );
        assert.equal(fresh.size, 1);
        assert.ok(!fresh.has(first.accessToken));
        assert.equal(setup.refreshes(), 1, 'five reports of one stale token: one refresh');

        const again = await setup.call(setup.a.apiKey, 'POST', `${url}/refresh`, {
          staleAccessToken: first.accessToken,
        });
        assert.ok(fresh.has(again.json<{ accessToken: string }>().accessToken));
        assert.equal(setup.refreshes(), 1);

        const forced = await setup.call(setup.a.apiKey, 'POST', `${url}/refresh`);
        assert.equal(forced.statusCode, 200);
        assert.ok(!fresh.has(forced.json<{ accessToken: string }>().accessToken));
        assert.equal(setup.refreshes(), 2, 'without a stale token the current one is refreshed');
      } finally {
        await setup.close();
      }
    });

    test('disable keeps the grant, refuses tokens with CONNECTION_DISABLED, and is idempotent', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        for (let i = 0; i < 2; i++) {
          const disabled = await setup.call(
            setup.a.apiKey,
            'POST',
            `/api/v1/connections/${id}/disable`,
          );
          assert.equal(disabled.statusCode, 200);
          assert.equal(disabled.json<ConnectionBody>().status, 'disabled');
        }
        const token = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/access-token`,
        );
        assert.equal(token.statusCode, 409);
        assert.equal(errorCode(token), 'CONNECTION_DISABLED');
        const reauthorize = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/reauthorize`,
        );
        assert.equal(errorCode(reauthorize), 'CONNECTION_DISABLED');
        const grants = [...running.emulator.grants.values()].filter((g) => g.appId === app.id);
        assert.equal(grants.length, 1);
        assert.equal(grants[0]!.revokedAt, null, 'the grant is kept');
        const row = await setup.store.db
          .selectFrom('connection')
          .innerJoin('connection_grant', 'connection_grant.id', 'connection.grant_id')
          .select('connection_grant.refresh_token_sealed')
          .where('connection.id', '=', id)
          .executeTakeFirstOrThrow();
        assert.notEqual(row.refresh_token_sealed, null);
        assert.deepEqual(await eventTypes(setup, id), [
          'connection.created',
          'connection.disabled',
        ]);
      } finally {
        await setup.close();
      }
    });

    test('enable re-checks a healthy grant with one refresh and comes back active', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        const enabled = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/enable`,
        );
        assert.equal(enabled.statusCode, 200);
        assert.equal(enabled.json<ConnectionBody>().status, 'active');
        assert.equal(setup.refreshes(), 1);
        const again = await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/enable`);
        assert.equal(again.json<ConnectionBody>().status, 'active');
        assert.equal(setup.refreshes(), 1, 'enabling an enabled connection changes nothing');
        assert.deepEqual(await eventTypes(setup, id), [
          'connection.created',
          'connection.disabled',
          'connection.enabled',
        ]);
      } finally {
        await setup.close();
      }
    });

    test('enable finds a grant revoked while disabled: needs_reauth / refresh_token_revoked, and the token says why', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        revokeGrantsOfUser(running.emulator, org.id, admin.id);
        const enabled = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/enable`,
        );
        assert.equal(enabled.statusCode, 200);
        const connection = enabled.json<ConnectionBody>();
        assert.equal(connection.status, 'needs_reauth');
        assert.equal(connection.statusReason, 'refresh_token_revoked');
        const token = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/access-token`,
        );
        assert.equal(token.statusCode, 409);
        const error = token.json<{ error: { code: string; details: { reason: string } } }>().error;
        assert.equal(error.code, 'REAUTH_REQUIRED');
        assert.equal(error.details.reason, 'refresh_token_revoked');
        assert.deepEqual(await eventTypes(setup, id), [
          'connection.created',
          'connection.disabled',
          'connection.enabled',
          'connection.needs_reauth',
        ]);
      } finally {
        await setup.close();
      }
    });

    test('delete revokes the grant at Salesforce, erases the secrets, announces connection.deleted and keeps the history', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const deleted = await setup.call(setup.a.apiKey, 'DELETE', `/api/v1/connections/${id}`);
        assert.equal(deleted.statusCode, 204);
        assert.equal(deleted.body, '');
        const grants = [...running.emulator.grants.values()].filter((g) => g.appId === app.id);
        assert.equal(grants.length, 1);
        assert.notEqual(grants[0]!.revokedAt, null, 'Salesforce (the emulator) revoked the grant');
        const rows = await setup.store.db
          .selectFrom('connection_grant')
          .select(['refresh_token_sealed', 'access_token_sealed'])
          .where('connection_id', '=', id)
          .execute();
        assert.ok(
          rows.every((r) => r.refresh_token_sealed === null && r.access_token_sealed === null),
        );
        const connections = await setup.store.db
          .selectFrom('connection')
          .select('id')
          .where('id', '=', id)
          .execute();
        assert.deepEqual(connections, []);
        const sessions = await setup.store.db
          .selectFrom('connect_session')
          .select('id')
          .where('connection_id', '=', id)
          .execute();
        assert.deepEqual(sessions, []);

        const shown = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`);
        assert.equal(shown.statusCode, 404);
        assert.equal(errorCode(shown), 'CONNECTION_NOT_FOUND');
        const again = await setup.call(setup.a.apiKey, 'DELETE', `/api/v1/connections/${id}`);
        assert.equal(errorCode(again), 'CONNECTION_NOT_FOUND');

        const events = await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}`);
        const list = events.json<{
          events: Array<{ type: string; data: Record<string, unknown> }>;
        }>().events;
        assert.deepEqual(
          list.map((e) => e.type),
          ['connection.created', 'connection.deleted'],
        );
        assert.deepEqual(list[1]!.data, {
          nickname: 'Main',
          orgId: list[0]!.data.orgId,
          username: admin.username,
          revocation: 'revoked',
        });
      } finally {
        await setup.close();
      }
    });

    test('a workspace never sees or touches another workspace’s connection', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const other = setup.b.apiKey;
        const attempts: Array<['GET' | 'POST' | 'DELETE' | 'PATCH', string, unknown?]> = [
          ['GET', `/api/v1/connections/${id}`],
          ['POST', `/api/v1/connections/${id}/reauthorize`],
          ['POST', `/api/v1/connections/${id}/disable`],
          ['POST', `/api/v1/connections/${id}/enable`],
          ['GET', `/api/v1/connections/${id}/access-token`],
          ['POST', `/api/v1/connections/${id}/access-token/refresh`],
          ['GET', `/api/v1/connections/${id}/proxy/services/data/v60.0/`],
          ['PATCH', `/api/v1/connections/${id}/proxy/services/data/v60.0/sobjects/Account/x`, {}],
          ['DELETE', `/api/v1/connections/${id}`],
        ];
        for (const [method, url, payload] of attempts) {
          const response = await setup.call(other, method, url, payload);
          assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
          assert.equal(errorCode(response), 'CONNECTION_NOT_FOUND');
          assert.ok(!response.body.includes(admin.username), 'nothing about it is revealed');
        }
        const listed = await setup.call(other, 'GET', '/api/v1/connections');
        assert.deepEqual(listed.json(), { connections: [] });
        const events = await setup.call(other, 'GET', `/api/v1/events?connectionId=${id}`);
        assert.deepEqual(events.json<{ events: unknown[] }>().events, []);

        for (const [method, url, payload] of attempts) {
          const response = await setup.call(ADMIN_KEY, method, url, payload);
          assert.equal(response.statusCode, 403, `${method} ${url}`);
          assert.equal(errorCode(response), 'FORBIDDEN');
        }
        const response = await setup.call(null, 'GET', `/api/v1/connections/${id}`);
        assert.equal(errorCode(response), 'UNAUTHENTICATED');

        const mine = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`);
        assert.equal(mine.json<ConnectionBody>().status, 'active', 'untouched');
        const grants = [...running.emulator.grants.values()].filter((g) => g.appId === app.id);
        assert.equal(grants[0]!.revokedAt, null, 'not revoked');
        assert.equal(setup.refreshes(), 0, 'no token was refreshed for the stranger');
      } finally {
        await setup.close();
      }
    });
  });
}
