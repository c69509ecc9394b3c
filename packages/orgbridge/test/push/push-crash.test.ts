/**
 * kill -9 during push delivery (issue 6): an `orgbridge sync push` process is killed several
 * times while its calls are in flight (writes committed as `sending`, Salesforce's answer not
 * yet recorded), then a last run completes. Salesforce must hold each insert exactly once and
 * each update's last value: inserts are upserts by Orgbridge_Write_Id__c, so sending them again
 * finds the record already created.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import {
  addCustomField,
  clearFaults,
  createConnectedApp,
  createOrg,
  createUser,
  injectFault,
  seedRecords,
} from '@orgbridge/salesforce-emulator';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { openStore } from '../../src/store/open-store.ts';
import { enqueueWrites } from '../../src/sync/outbox.ts';
import { useSalesforce } from '../helpers/connections.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const running = await useSalesforce();
const { emulator } = running;

function cli(env: NodeJS.ProcessEnv, args: string[], input = '') {
  const child = spawn(process.execPath, [main, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  const done = once(child, 'exit').then(([code]) => ({
    code: code as number | null,
    stdout,
    stderr,
  }));
  return { child, done };
}

async function setUp(t: { after: (fn: () => void) => void }, withWriteIdField: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-push-crash-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  t.after(() => clearFaults(emulator));
  const org = createOrg(emulator, { name: 'Push crash' });
  const user = createUser(emulator, org.id, {
    username: `push.${randomUUID().slice(0, 8)}@crash.example`,
    profile: 'System Administrator',
  });
  const app = createConnectedApp(emulator, {
    name: 'crash',
    callbackUrls: ['https://x.example/cb'],
  });
  if (withWriteIdField)
    addCustomField(emulator, org.id, 'Contact', {
      name: 'Orgbridge_Write_Id__c',
      type: 'string',
      externalId: true,
      unique: true,
    });
  const dbFile = join(dir, 'orgbridge.db');
  const env = {
    ...process.env,
    ORGBRIDGE_DATABASE_URL: `sqlite:${dbFile}`,
    ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
    ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
    ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
    ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
    // A killed run's lease expires quickly, so the next run can take over.
    ORGBRIDGE_SYNC_LEASE_MS: '1000',
  };
  const ws = JSON.parse(
    (await cli(env, ['workspaces', 'create', 'Crash', '--json']).done).stdout,
  ) as {
    id: string;
  };
  const created = await cli(
    env,
    [
      'connections',
      'create',
      '-w',
      ws.id,
      '-n',
      'C',
      '-f',
      'password',
      '--username',
      user.username,
      '--password-stdin',
      '--json',
    ],
    `${user.password}\n${user.securityToken}\n`,
  ).done;
  assert.equal(created.code, 0, created.stderr);
  const connection = (JSON.parse(created.stdout) as { id: string }).id;
  const enqueue = async (object: string, writes: Parameters<typeof enqueueWrites>[4]) => {
    const store = await openStore(`sqlite:${dbFile}`);
    try {
      const ctx = { db: store.db, now: Date.now, newId: (p: string) => `${p}_${randomUUID()}` };
      return await enqueueWrites(
        ctx as unknown as ConnectionsContext,
        ws.id,
        connection,
        object,
        writes,
      );
    } finally {
      await store.close();
    }
  };
  const states = () => {
    const db = new DatabaseSync(dbFile);
    try {
      return Object.fromEntries(
        (
          db
            .prepare('SELECT state, COUNT(*) AS n FROM outbox_write GROUP BY state')
            .all() as Array<{ state: string; n: number }>
        ).map((r) => [r.state, r.n]),
      ) as Record<string, number>;
    } finally {
      db.close();
    }
  };
  return { org, env, ws, connection, enqueue, states, dbFile };
}

test('kill -9 while writes are in flight, several times: no insert lost, none duplicated', async (t) => {
  const { org, env, ws, connection, enqueue, states } = await setUp(t, true);
  seedRecords(emulator, org.id, 'Contact', 30);
  const ids = [...emulator.requireOrg(org.id).tables.get('Contact')!.rows.keys()];
  const writes: Parameters<typeof enqueue>[1] = [];
  for (let i = 0; i < 1200; i += 1) {
    writes.push({ operation: 'insert', fields: { LastName: `Crash ${i}` } });
    if (i % 10 === 0)
      writes.push({
        operation: 'update',
        id: ids[(i / 10) % ids.length]!,
        fields: { Title: `t${i}` },
      });
  }
  await enqueue('Contact', writes);
  // Every call is slowed down so the kills land while calls are in flight.
  injectFault(emulator, {
    kind: 'latency',
    latencyMs: 150,
    orgId: org.id,
    pathPrefix: '/services/data',
  });
  const inFlightAtKill: number[] = [];
  for (const delay of [0, 100, 250]) {
    const run = cli(env, ['sync', 'push', connection, '-w', ws.id]);
    const deadline = Date.now() + 30_000;
    while ((states().succeeded ?? 0) === 0 && Date.now() < deadline && run.child.exitCode === null)
      await sleep(20);
    while ((states().sending ?? 0) === 0 && Date.now() < deadline && run.child.exitCode === null)
      await sleep(5);
    await sleep(delay);
    run.child.kill('SIGKILL');
    await run.done;
    inFlightAtKill.push(states().sending ?? 0);
    await sleep(1100);
  }
  assert.ok(
    inFlightAtKill.some((n) => n > 0),
    `a kill landed between sending and recording (writes in flight: ${inFlightAtKill.join(', ')})`,
  );
  clearFaults(emulator);
  const final = await cli(env, ['sync', 'push', connection, '-w', ws.id, '--json']).done;
  assert.equal(final.code, 0, final.stderr + final.stdout);
  assert.deepEqual(states(), { succeeded: writes.length });

  const contacts = [...emulator.requireOrg(org.id).tables.get('Contact')!.rows.values()];
  const inserted = contacts.filter((r) => String(r.LastName).startsWith('Crash '));
  assert.equal(inserted.length, 1200, 'each insert exactly once');
  assert.equal(new Set(inserted.map((r) => r.LastName)).size, 1200);
  for (let k = 0; k < ids.length; k += 1) {
    const last = [...Array(120).keys()]
      .map((j) => j * 10)
      .filter((i) => (i / 10) % ids.length === k)
      .at(-1);
    if (last !== undefined)
      assert.equal(
        emulator.requireOrg(org.id).tables.get('Contact')!.rows.get(ids[k]!)?.Title,
        `t${last}`,
      );
  }
});

test('an insert in flight at a crash, on an object without the write-id field, is failed rather than risked twice', async (t) => {
  const { org, env, ws, connection, enqueue, states, dbFile } = await setUp(t, false);
  const [queued] = await enqueue('Account', [
    { operation: 'insert', fields: { Name: 'In doubt' } },
  ]);
  // The state a process leaves when it dies after sending and before recording the answer.
  const db = new DatabaseSync(dbFile);
  db.prepare("UPDATE outbox_write SET state = 'sending', attempts = 1 WHERE id = ?").run(
    queued!.id,
  );
  db.close();
  const run = await cli(env, ['sync', 'push', connection, '-w', ws.id, '--json']).done;
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(states(), { failed: 1 });
  const row = new DatabaseSync(dbFile)
    .prepare('SELECT errors FROM outbox_write WHERE id = ?')
    .get(queued!.id) as { errors: string };
  assert.match(row.errors, /DELIVERY_UNCERTAIN/);
  const accounts = [...(emulator.requireOrg(org.id).tables.get('Account')?.rows.values() ?? [])];
  assert.equal(accounts.filter((r) => r.Name === 'In doubt').length, 0, 'not sent again');
});
