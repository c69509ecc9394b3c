/**
 * kill -9 in the middle of a refresh, at several points (issue 3 "Crashes"). A real
 * `orgbridge serve` process on SQLite is killed:
 * - `awaiting-answer`: it holds the refresh lease and waits for Salesforce (slowed down);
 * - `before-commit`: Salesforce has answered, and the process is stuck committing the new tokens
 *   (the test holds SQLite's write lock);
 * - `after-commit`: the new tokens are committed; the process dies before (or while) releasing
 *   its lease and answering its caller.
 * After a restart the connection works, with and without refresh-token rotation, with one
 * exception no client can close: with rotation, Salesforce invalidates the old refresh token the
 * moment it answers, so a process that dies between that answer and its commit leaves only a
 * rotated-out token. That case is asserted too: orgbridge must report it at once as
 * `needs_reauth`/`refresh_token_revoked` (not fail silently), and re-authorization heals it in
 * place (docs/connections.md, "Crash safety").
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import {
  createConnectedApp,
  createOrg,
  createUser,
  injectFault,
} from '@orgbridge/salesforce-emulator';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { freePort } from '../helpers/free-port.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const ADMIN_KEY = 'crash-admin-key-0123456789abcdef';
const running = await useSalesforce();
const { emulator } = running;

async function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  const deadline = Date.now() + 60_000;
  while (!text.includes('orgbridge listening')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`serve did not start: ${text}`);
    await sleep(50);
  }
  return child;
}

type KillPoint = 'awaiting-answer' | 'before-commit' | 'after-commit';

async function scenario(rotate: boolean, point: KillPoint) {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-crash-'));
  const dbFile = join(dir, 'orgbridge.db');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const org = createOrg(emulator, { name: `Crash ${rotate} ${point}` });
  const admin = createUser(emulator, org.id, {
    username: `crash.${point}.${rotate}.${Date.now()}@crash.example`,
    profile: 'System Administrator',
  });
  const app = createConnectedApp(emulator, {
    name: 'crash',
    callbackUrls: [`${base}/oauth/callback`],
    rotateRefreshTokens: rotate,
  });
  const env = {
    ...process.env,
    PORT: String(port),
    ORGBRIDGE_DATABASE_URL: `sqlite:${dbFile}`,
    ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    ORGBRIDGE_PUBLIC_URL: base,
    ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
    ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
    ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
    ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
    ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
    ORGBRIDGE_REFRESH_LEASE_MS: '1500',
  };
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const first = await serve(env);
  children.push(first);
  const key = (await call('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Crash' })).body
    .apiKey as string;
  const created = await call('POST', '/api/v1/connections', key, {
    nickname: 'Main',
    environment: 'production',
  });
  const id = (created.body.connection as { id: string }).id;
  const callback = await new ScriptedBrowser().authorize(
    created.body.authorizeUrl as string,
    admin.username,
    admin.password,
  );
  assert.equal((await fetch(`${base}${callback.pathname}${callback.search}`)).status, 200);
  const stale = (await call('GET', `/api/v1/connections/${id}/access-token`, key)).body
    .accessToken as string;
  const grant = [...emulator.grants.values()].find(
    (g) => g.userId === admin.id && g.appId === app.id,
  )!;

  const reader = new DatabaseSync(dbFile);
  after(() => reader.close());
  const sealedAccessToken = () =>
    (
      reader
        .prepare('SELECT access_token_sealed FROM connection_grant WHERE connection_id = ?')
        .get(id) as { access_token_sealed: string }
    ).access_token_sealed;
  const leaseHolder = () =>
    (
      reader.prepare('SELECT refresh_lease_holder FROM connection WHERE id = ?').get(id) as {
        refresh_lease_holder: string | null;
      }
    ).refresh_lease_holder;
  const sealedBefore = sealedAccessToken();

  // Salesforce answers the refresh slowly, so each point can be reached from outside.
  injectFault(emulator, {
    kind: 'latency',
    latencyMs: point === 'awaiting-answer' ? 1500 : 600,
    pathPrefix: '/services/oauth2/token',
    count: 1,
  });
  const pending = fetch(`${base}/api/v1/connections/${id}/access-token/refresh`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ staleAccessToken: stale }),
  }).catch(() => null);
  let leaseHeldAtKill: boolean | null = null;
  if (point === 'awaiting-answer') {
    await sleep(500);
    assert.ok(leaseHolder(), 'the dying process holds the refresh lease');
  } else if (point === 'before-commit') {
    await sleep(200);
    assert.ok(leaseHolder(), 'the dying process holds the refresh lease');
    reader.exec('BEGIN IMMEDIATE');
    // Salesforce answers at ~600 ms; the process then waits for the write lock we hold.
    await sleep(1200);
  } else {
    const deadline = Date.now() + 10_000;
    while (sealedAccessToken() === sealedBefore) {
      assert.ok(Date.now() < deadline, 'the refresh was never committed');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  first.kill('SIGKILL');
  await once(first, 'exit');
  if (point === 'before-commit') {
    assert.equal(sealedAccessToken(), sealedBefore, 'nothing was committed');
    reader.exec('ROLLBACK');
  }
  if (point === 'after-commit') leaseHeldAtKill = leaseHolder() !== null;
  const callerAnswer = await pending;
  if (point !== 'after-commit') assert.equal(callerAnswer, null, 'the caller saw the process die');
  // Salesforce finishes any refresh still in flight for nobody.
  await sleep(point === 'awaiting-answer' ? 1500 : 100);
  const rotationsBeforeRestart = grant.rotatedOut.length;

  const second = await serve(env);
  children.push(second);
  return {
    org,
    admin,
    grant,
    id,
    key,
    base,
    stale,
    leaseHeldAtKill,
    rotationsBeforeRestart,
    call,
  };
}

async function tokenWorks(orgId: string, token: string): Promise<boolean> {
  const response = await fetch(
    `${emulator.instanceUrl(emulator.requireOrg(orgId))}/services/data/v60.0/limits`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return response.status === 200;
}

for (const rotate of [false, true]) {
  const label = rotate ? 'with rotation' : 'without rotation';

  test(`${label}: killed while waiting for Salesforce, the stored refresh token still works`, async () => {
    const s = await scenario(rotate, 'awaiting-answer');
    const refreshed = await s.call(
      'POST',
      `/api/v1/connections/${s.id}/access-token/refresh`,
      s.key,
      {
        staleAccessToken: s.stale,
      },
    );
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal((await s.call('GET', `/api/v1/connections/${s.id}`, s.key)).body.status, 'active');
    assert.ok(await tokenWorks(s.org.id, refreshed.body.accessToken as string));
    assert.equal(s.grant.revokedAt, null, 'no rotated-out token was ever presented');
    if (rotate)
      assert.equal(s.grant.rotatedOut.length, 1, 'one rotation: the refresh after the restart');
  });

  test(`${label}: killed after the commit, the committed token is served without another refresh`, async () => {
    const s = await scenario(rotate, 'after-commit');
    const served = await s.call('GET', `/api/v1/connections/${s.id}/access-token`, s.key);
    assert.equal(served.status, 200, JSON.stringify(served.body));
    assert.notEqual(served.body.accessToken, s.stale, 'the token committed before the kill');
    assert.ok(await tokenWorks(s.org.id, served.body.accessToken as string));
    // A later refresh (after the dead process's lease, if it still held one, has expired) uses
    // the committed refresh token: with rotation, it is the one Salesforce considers current.
    const again = await s.call('POST', `/api/v1/connections/${s.id}/access-token/refresh`, s.key, {
      staleAccessToken: served.body.accessToken,
    });
    assert.equal(
      again.status,
      200,
      `${JSON.stringify(again.body)} (lease held at kill: ${s.leaseHeldAtKill})`,
    );
    assert.equal(s.grant.revokedAt, null);
    if (rotate) assert.equal(s.grant.rotatedOut.length, s.rotationsBeforeRestart + 1);
  });

  test(`${label}: killed between Salesforce's answer and the commit`, async () => {
    const s = await scenario(rotate, 'before-commit');
    const refreshed = await s.call(
      'POST',
      `/api/v1/connections/${s.id}/access-token/refresh`,
      s.key,
      {
        staleAccessToken: s.stale,
      },
    );
    const connection = (await s.call('GET', `/api/v1/connections/${s.id}`, s.key)).body;
    if (!rotate) {
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      assert.equal(connection.status, 'active');
      assert.ok(await tokenWorks(s.org.id, refreshed.body.accessToken as string));
      return;
    }
    // Salesforce rotated when it answered; the only copy of the new refresh token died with the
    // process. The old one is now a rotated-out token: orgbridge must say so at once.
    assert.equal(s.rotationsBeforeRestart, 1, 'Salesforce did rotate for the dead process');
    assert.equal(refreshed.status, 409, JSON.stringify(refreshed.body));
    assert.equal((refreshed.body.error as { code: string }).code, 'REAUTH_REQUIRED');
    assert.equal(connection.status, 'needs_reauth');
    assert.equal(connection.statusReason, 'refresh_token_revoked');
    const events = (await s.call('GET', `/api/v1/events?connectionId=${s.id}`, s.key)).body
      .events as Array<{ type: string }>;
    assert.ok(events.some((e) => e.type === 'connection.needs_reauth'));
    // Healed in place: same connection, active again.
    const reauth = await s.call('POST', `/api/v1/connections/${s.id}/reauthorize`, s.key, {});
    assert.equal(reauth.status, 200, JSON.stringify(reauth.body));
    const callback = await new ScriptedBrowser().authorize(
      reauth.body.authorizeUrl as string,
      s.admin.username,
      s.admin.password,
    );
    assert.equal((await fetch(`${s.base}${callback.pathname}${callback.search}`)).status, 200);
    const healed = (await s.call('GET', `/api/v1/connections/${s.id}`, s.key)).body;
    assert.equal(healed.status, 'active');
  });
}
