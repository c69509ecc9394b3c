/**
 * Issue 3's concurrency criterion over real processes: three `orgbridge serve` processes share one
 * PostgreSQL database; 1,000 concurrent callers that all hold the same dead access token ask them
 * for a new one, with refresh-token rotation on at Salesforce. Exactly one refresh must reach
 * Salesforce, every caller must get the same new token, and the connection must stay healthy.
 * PostgreSQL only: it is the multi-process store (SQLite serves one process).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import pg from 'pg';
import { generateMasterKeyBase64 } from '../../src/vault/index.ts';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import { TEST_DATABASE_URL } from '../helpers/databases.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { freePort } from '../helpers/free-port.ts';
import { serve, stopServe } from '../helpers/serve-processes.ts';
import { createConnectedApp, createOrg, createUser } from '@orgbridge/salesforce-emulator';

const ADMIN_KEY = `admin-${randomBytes(16).toString('hex')}`;

const postgresUrl = TEST_DATABASE_URL;
if (postgresUrl !== null) {
  test('1,000 concurrent refreshes over 3 processes on PostgreSQL, rotation on: exactly one refresh', async () => {
    const running = await useSalesforce();
    const { emulator } = running;
    const ports = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${ports[0]}`;
    const org = createOrg(emulator, { name: 'Multi' });
    const admin = createUser(emulator, org.id, {
      username: `mp.${Date.now()}@multi.example`,
      profile: 'System Administrator',
    });
    const app = createConnectedApp(emulator, {
      name: 'mp',
      callbackUrls: [`${publicUrl}/oauth/callback`],
      rotateRefreshTokens: true,
    });

    const database = `orgbridge_mp_${randomBytes(5).toString('hex')}`;
    const adminClient = new pg.Client({ connectionString: postgresUrl });
    await adminClient.connect();
    await adminClient.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${database}`;

    const env = {
      ...process.env,
      ORGBRIDGE_DATABASE_URL: url.toString(),
      ORGBRIDGE_MASTER_KEY: generateMasterKeyBase64(),
      ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
      ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
      ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
      ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
      ORGBRIDGE_PUBLIC_URL: publicUrl,
    };
    const servers = ports.map((port) => serve({ ...env, PORT: String(port) }));
    after(async () => {
      for (const server of servers) await stopServe(server);
      await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await adminClient.end();
    });
    // Started together: the three also race to migrate the empty database.
    await Promise.all(servers.map((s) => s.ready));
    const at = (i: number) => `http://127.0.0.1:${ports[i % 3]}`;
    const call = async (i: number, method: string, path: string, key: string, body?: unknown) => {
      const response = await fetch(`${at(i)}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const workspace = await call(0, 'POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Multi' });
    const key = workspace.body.apiKey as string;
    const created = await call(1, 'POST', '/api/v1/connections', key, {
      nickname: 'Main',
      environment: 'production',
    });
    assert.equal(created.status, 201);
    const connectionId = (created.body.connection as { id: string }).id;
    const callback = await new ScriptedBrowser().authorize(
      created.body.authorizeUrl as string,
      admin.username,
      admin.password,
    );
    const page = await fetch(`${at(2)}${callback.pathname}${callback.search}`);
    assert.equal(page.status, 200);

    const first = await call(0, 'GET', `/api/v1/connections/${connectionId}/access-token`, key);
    const stale = first.body.accessToken as string;
    const grant = [...emulator.grants.values()].find(
      (g) => g.userId === admin.id && g.appId === app.id && g.revokedAt === null,
    )!;
    const sessionsOfGrant = () =>
      [...emulator.sessions.values()].filter((s) => s.grantId === grant.id).length;
    const before = sessionsOfGrant();

    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        call(i, 'POST', `/api/v1/connections/${connectionId}/access-token/refresh`, key, {
          staleAccessToken: stale,
        }),
      ),
    );
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
    const tokens = new Set(results.map((r) => r.body.accessToken as string));
    assert.equal(tokens.size, 1, 'every caller got the same new token');
    assert.ok(!tokens.has(stale));
    assert.equal(sessionsOfGrant() - before, 1, 'exactly one refresh reached Salesforce');
    assert.equal(grant.revokedAt, null, 'rotation was honoured: no rotated-out token was reused');

    const connection = await call(1, 'GET', `/api/v1/connections/${connectionId}`, key);
    assert.equal(connection.body.status, 'active');
    const works = await fetch(
      `${emulator.instanceUrl(emulator.requireOrg(org.id))}/services/data/v60.0/`,
      {
        headers: { authorization: `Bearer ${[...tokens][0]}` },
      },
    );
    assert.equal(works.status, 200);
  });
}
