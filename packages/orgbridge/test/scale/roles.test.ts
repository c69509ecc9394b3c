/**
 * `orgbridge serve --role`: an `api` process serves the API and runs no background work; a
 * `worker` serves only health (and metrics) and does the background work, here delivering the
 * writes the API process queued. PostgreSQL only: it is the multi-process store.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { createConnectedApp, createOrg, createUser } from '@orgbridge/salesforce-emulator';
import { generateMasterKeyBase64 } from '../../src/vault/index.ts';
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

const ADMIN_KEY = `admin-${randomBytes(16).toString('hex')}`;

if (TEST_DATABASE_URL !== null) {
  const serverUrl = TEST_DATABASE_URL;
  test('an api process queues writes and runs no background work; a worker delivers them', async () => {
    const running = await useSalesforce();
    const { emulator } = running;
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${apiPort}`;
    const org = createOrg(emulator, { name: 'Roles' });
    const admin = createUser(emulator, org.id, {
      username: `roles.${Date.now()}@roles.example`,
      profile: 'System Administrator',
    });
    const app = createConnectedApp(emulator, {
      name: 'roles',
      callbackUrls: [`${publicUrl}/oauth/callback`],
    });
    const env = {
      ...process.env,
      ORGBRIDGE_DATABASE_URL: await scratchPostgresDatabase(serverUrl, 'roles'),
      ORGBRIDGE_MASTER_KEY: generateMasterKeyBase64(),
      ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
      ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
      ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
      ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
      ORGBRIDGE_PUBLIC_URL: publicUrl,
    };
    const api = serve({ ...env, PORT: String(apiPort) }, ['--role', 'api']);
    let worker: ServeProcess | null = null;
    // Stopped here rather than in `after`: the scratch database is dropped in an `after` hook,
    // and the processes must be gone first.
    try {
      await api.ready;
      assert.match(api.output(), /role: api/);

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
      const key = (await call('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Roles' })).body
        .apiKey as string;
      const created = await call('POST', '/api/v1/connections', key, {
        nickname: 'Main',
        environment: 'production',
      });
      const connectionId = (created.body.connection as { id: string }).id;
      const callback = await new ScriptedBrowser().authorize(
        created.body.authorizeUrl as string,
        admin.username,
        admin.password,
      );
      assert.equal((await fetch(`${publicUrl}${callback.pathname}${callback.search}`)).status, 200);

      const names = ['Roles One', 'Roles Two', 'Roles Three'];
      const queued = await call(
        'POST',
        `/api/v1/connections/${connectionId}/objects/Account/writes`,
        key,
        {
          writes: names.map((Name) => ({ operation: 'insert', fields: { Name } })),
        },
      );
      assert.equal(queued.status, 202);
      const ids = (queued.body.writes as Array<{ id: string }>).map((w) => w.id);
      const states = async () =>
        Promise.all(
          ids.map(
            async (id) =>
              (await call('GET', `/api/v1/connections/${connectionId}/writes/${id}`, key)).body
                .state as string,
          ),
        );
      // The push scheduler ticks every second: three seconds without a worker leave them queued.
      await sleep(3000);
      assert.deepEqual(await states(), ['pending', 'pending', 'pending']);

      worker = serve({ ...env, PORT: String(workerPort) }, ['--role', 'worker']);
      await worker.ready;
      assert.match(worker.output(), /role: worker/);
      const workerUrl = `http://127.0.0.1:${workerPort}`;
      assert.equal((await fetch(`${workerUrl}/healthz`)).status, 200);
      const metrics = await fetch(`${workerUrl}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /orgbridge_outbox_writes\{state="pending"\} 3/);
      assert.equal((await fetch(`${workerUrl}/api/v1/workspaces`)).status, 404);
      assert.equal((await fetch(`${workerUrl}/oauth/callback?code=x&state=y`)).status, 404);

      const deadline = Date.now() + 30_000;
      let last: string[] = [];
      while (Date.now() < deadline) {
        last = await states();
        if (last.every((s) => s === 'succeeded')) break;
        await sleep(250);
      }
      assert.deepEqual(last, ['succeeded', 'succeeded', 'succeeded']);
      const stored = [...emulator.requireOrg(org.id).tables.get('Account')!.rows.values()].filter(
        (r) => names.includes(r.Name as string),
      );
      assert.equal(stored.length, 3, 'each write reached Salesforce once');
    } finally {
      await stopServe(api);
      if (worker) await stopServe(worker);
    }
  });
}
