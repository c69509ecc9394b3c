/**
 * Issue 8's keep-alive criterion over real processes: three `orgbridge serve --role worker`
 * processes share one PostgreSQL database and keep 10,000 connections alive through a simulated
 * day. The connected app rotates refresh tokens, so a refresh made twice with one token is
 * Salesforce-side reuse: it revokes the grant and breaks the connection. Each round moves the
 * emulator's clock eight hours, every access token dies (session timeout of two hours), and the
 * workers' probes find out and refresh. After three rounds: every connection active, no grant
 * revoked, and each grant refreshed exactly once per round. PostgreSQL only.
 *
 * One connection is made through the real OAuth flow (an `api` process serves the callback);
 * the others are its copies with approvals of their own, recorded at the emulator through its
 * control API (10,000 browser logins would test the login pages, not keeping alive).
 * `ORGBRIDGE_TEST_KEEPALIVE_CONNECTIONS` scales the count for a quick local run.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pg from 'pg';
import {
  createApproval,
  createConnectedApp,
  createOrg,
  createUser,
  listGrants,
  setOrgSettings,
} from '@orgbridge/salesforce-emulator';
import { sealContext } from '../../src/connections/connections-context.ts';
import { generateMasterKeyBase64, KeyRing, parseMasterKey, Vault } from '../../src/vault/index.ts';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import { TEST_DATABASE_URL } from '../helpers/databases.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { freePort } from '../helpers/free-port.ts';
import {
  scratchPostgresDatabase,
  serve,
  stopServe,
  type ServeProcess,
} from '../helpers/serve-processes.ts';

const CONNECTIONS = Number(process.env.ORGBRIDGE_TEST_KEEPALIVE_CONNECTIONS ?? 10_000);
const WORKERS = 3;
const ROUNDS = 3;
const ROUND_MS = 8 * 3_600_000;
const PROBE_INTERVAL_MS = 20_000;
/** How long one round may take before the test gives up on it (a stuck round, not a slow one). */
const ROUND_TIMEOUT_MS = 240_000;
const ADMIN_KEY = `admin-${randomBytes(16).toString('hex')}`;

/** Inserts rows of one table in chunks; values in the order of `columns`. */
async function insertRows(
  client: pg.Client,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  const chunk = Math.floor(60_000 / columns.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const tuples = slice.map((row) => {
      const marks = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await client.query(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

if (TEST_DATABASE_URL !== null) {
  const serverUrl = TEST_DATABASE_URL;
  test(`${CONNECTIONS.toLocaleString('en-US')} connections, rotating refresh tokens, ${WORKERS} workers, a simulated day: none broken, none refreshed twice`, async (t) => {
    const running = await useSalesforce();
    const { emulator } = running;
    const apiPort = await freePort();
    const publicUrl = `http://127.0.0.1:${apiPort}`;
    const org = createOrg(emulator, { name: 'Keep alive' });
    // Every probe is an API call; the org's daily allowance is not what this test is about.
    setOrgSettings(emulator, org.id, { dailyApiRequests: 100_000_000 });
    const app = createConnectedApp(emulator, {
      name: 'keepalive',
      callbackUrls: [`${publicUrl}/oauth/callback`],
      rotateRefreshTokens: true,
    });
    // Five approvals per user and app at most: a user per five connections.
    const users = Array.from({ length: Math.ceil(CONNECTIONS / 5) }, (_, i) =>
      createUser(emulator, org.id, {
        username: `keep.${i}.${Date.now()}@keepalive.example`,
        profile: 'System Administrator',
      }),
    );
    const masterKey = generateMasterKeyBase64();
    const databaseUrl = await scratchPostgresDatabase(serverUrl, 'keepalive');
    const env = {
      ...process.env,
      ORGBRIDGE_DATABASE_URL: databaseUrl,
      ORGBRIDGE_MASTER_KEY: masterKey,
      ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
      ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
      ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
      ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
      ORGBRIDGE_PUBLIC_URL: publicUrl,
      ORGBRIDGE_PROBE_INTERVAL_MS: String(PROBE_INTERVAL_MS),
      ORGBRIDGE_SYNC_INTERVAL_MS: '0',
      ORGBRIDGE_WEBHOOK_INTERVAL_MS: '0',
    };

    // The one real connection, through the login and Allow pages and the callback.
    const processes: ServeProcess[] = [];
    const db = new pg.Client({ connectionString: databaseUrl });
    // Stopped here rather than in `after`: the scratch database is dropped in an `after` hook,
    // and these must be gone first.
    try {
      const api = serve({ ...env, PORT: String(apiPort) }, ['--role', 'api']);
      processes.push(api);
      await api.ready;
      const call = async (method: string, path: string, key: string, body?: unknown) => {
        const response = await fetch(`${publicUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return {
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
        };
      };
      const key = (await call('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Keep alive' })).body
        .apiKey as string;
      const created = await call('POST', '/api/v1/connections', key, {
        nickname: 'Model',
        environment: 'production',
      });
      const modelId = (created.body.connection as { id: string }).id;
      const callback = await new ScriptedBrowser().authorize(
        created.body.authorizeUrl as string,
        users[0]!.username,
        users[0]!.password,
      );
      assert.equal((await fetch(`${publicUrl}${callback.pathname}${callback.search}`)).status, 200);
      await stopServe(api);

      // The copies: the model's row with another user, and an approval of its own.
      await db.connect();
      const vault = new Vault(new KeyRing(parseMasterKey(masterKey)));
      const model = (await db.query('SELECT * FROM connection WHERE id = $1', [modelId]))
        .rows[0] as Record<string, unknown>;
      const modelGrant = (
        await db.query('SELECT * FROM connection_grant WHERE id = $1', [model.grant_id])
      ).rows[0] as Record<string, unknown>;
      const connectionColumns = Object.keys(model);
      const grantColumns = Object.keys(modelGrant);
      const connections: unknown[][] = [];
      const grants: unknown[][] = [];
      const grantOf = new Map<string, string>([[modelId, model.grant_id as string]]);
      const emulatorGrantOf = new Map<string, string>();
      const modelApproval = listGrants(emulator, { orgId: org.id, appId: app.id, state: 'active' });
      assert.equal(modelApproval.length, 1);
      emulatorGrantOf.set(modelId, modelApproval[0]!.id);
      for (let i = 1; i < CONNECTIONS; i++) {
        const user = users[Math.floor(i / 5)]!;
        const approval = createApproval(emulator, org.id, user.id, app.id);
        const id = `conn_keep${String(i).padStart(6, '0')}`;
        const grantId = `gr_keep${String(i).padStart(6, '0')}`;
        const connection: Record<string, unknown> = {
          ...model,
          id,
          nickname: `Copy ${i}`,
          grant_id: grantId,
          user_id: user.id,
          username: user.username,
          identity_url: String(model.identity_url).replace(String(model.user_id), user.id),
          next_probe_at: null,
        };
        const grant: Record<string, unknown> = {
          ...modelGrant,
          id: grantId,
          connection_id: id,
          refresh_token_sealed: vault.seal(
            approval.refreshToken,
            sealContext.refreshToken(grantId),
          ),
          access_token_sealed: vault.seal(approval.accessToken, sealContext.accessToken(grantId)),
        };
        connections.push(connectionColumns.map((c) => connection[c]));
        grants.push(grantColumns.map((c) => grant[c]));
        grantOf.set(id, grantId);
        emulatorGrantOf.set(id, approval.grantId);
      }
      await insertRows(db, 'connection', connectionColumns, connections);
      await insertRows(db, 'connection_grant', grantColumns, grants);

      const sessionsPerGrant = () => {
        const counts = new Map<string, number>();
        for (const session of emulator.sessions.values())
          if (session.grantId) counts.set(session.grantId, (counts.get(session.grantId) ?? 0) + 1);
        return counts;
      };
      const initial = sessionsPerGrant();

      const workers = await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          const worker = serve({ ...env, PORT: String(await freePort()) }, ['--role', 'worker']);
          processes.push(worker);
          return worker;
        }),
      );
      await Promise.all(workers.map((w) => w.ready));

      for (let round = 1; round <= ROUNDS; round++) {
        const started = Date.now();
        emulator.clock.advance(ROUND_MS);
        const deadline = Date.now() + ROUND_TIMEOUT_MS;
        let behind = CONNECTIONS;
        while (Date.now() < deadline) {
          const counts = sessionsPerGrant();
          behind = 0;
          for (const grantId of emulatorGrantOf.values())
            if ((counts.get(grantId) ?? 0) - (initial.get(grantId) ?? 0) < round) behind += 1;
          if (behind === 0) break;
          await sleep(500);
        }
        assert.equal(
          behind,
          0,
          `round ${round}: connections not refreshed in time; revoked: ${JSON.stringify(
            listGrants(emulator, { orgId: org.id, appId: app.id })
              .filter((g) => g.state !== 'active')
              .map((g) => g.revokedReason),
          )}`,
        );
        t.diagnostic(`round ${round}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const worker of workers)
          assert.equal(worker.child.exitCode, null, `a worker exited: ${worker.output()}`);
      }
      // Let the last round's probes finish recording before reading the outcome.
      await sleep(2000);

      const revoked = listGrants(emulator, { orgId: org.id, appId: app.id }).filter(
        (g) => g.state !== 'active',
      );
      assert.deepEqual(
        revoked.map((g) => `${g.id}: ${g.revokedReason}`),
        [],
        'a grant was revoked: a rotated-out refresh token was presented again',
      );
      const statuses = await db.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM connection GROUP BY status',
      );
      assert.deepEqual(
        statuses.rows.map((r) => [r.status, Number(r.n)]),
        [['active', CONNECTIONS]],
      );
      // Each expiry was met by exactly one refresh: none missed, none made twice.
      const counts = sessionsPerGrant();
      const refreshes = new Map<number, number>();
      for (const grantId of emulatorGrantOf.values()) {
        const n = (counts.get(grantId) ?? 0) - (initial.get(grantId) ?? 0);
        refreshes.set(n, (refreshes.get(n) ?? 0) + 1);
      }
      assert.deepEqual(
        [...refreshes],
        [[ROUNDS, CONNECTIONS]],
        'refreshes per connection: exactly one per round',
      );
      assert.equal(grantOf.size, CONNECTIONS);
    } finally {
      for (const server of processes) await stopServe(server);
      await db.end().catch(() => undefined);
    }
  });
}
