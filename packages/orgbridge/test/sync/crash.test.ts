/**
 * kill -9 during pulls (issue 5): an `orgbridge sync run` process is killed at several points of
 * a first load (Bulk API) and of a keyset pass (REST), a record changes between the kills, and a
 * final run completes. Reconciled against the emulator: nothing lost, nothing extra, and the
 * change feed holds each record once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import {
  clearFaults,
  createConnectedApp,
  createOrg,
  createUser,
  injectFault,
  seedRecords,
  updateRecordAs,
} from '@orgbridge/salesforce-emulator';
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

for (const [label, count] of [
  ['a Bulk first load', 12_000],
  ['REST keyset pages', 5_000],
] as const) {
  test(`kill -9 during ${label}, several times: nothing lost, nothing duplicated`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'orgbridge-sync-crash-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    t.after(() => clearFaults(emulator));
    const org = createOrg(emulator, { name: `Crash ${label}` });
    const user = createUser(emulator, org.id, {
      username: `crash.${count}.${Date.now()}@crash.example`,
      profile: 'System Administrator',
    });
    const app = createConnectedApp(emulator, {
      name: 'crash',
      callbackUrls: ['https://x.example/cb'],
    });
    const object = count >= 10_000 ? 'Account' : 'Contact';
    seedRecords(emulator, org.id, object, count);
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
    assert.equal((await cli(env, ['sync', 'map', connection, object, '-w', ws.id]).done).code, 0);

    // Every data call is slowed down so the kills land in the middle of the load.
    injectFault(emulator, {
      kind: 'latency',
      latencyMs: 120,
      orgId: org.id,
      pathPrefix: '/services/data',
    });
    const ids = [...(emulator.requireOrg(org.id).tables.get(object)?.rows.keys() ?? [])];
    const countLocal = () => {
      const db = new DatabaseSync(dbFile);
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM synced_record').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const afterKills: number[] = [];
    const runRecords = () => {
      const db = new DatabaseSync(dbFile);
      try {
        const row = db.prepare('SELECT run_records, run_holder FROM sync_mapping').get() as {
          run_records: number;
          run_holder: string | null;
        };
        return row.run_holder === null ? 0 : row.run_records;
      } finally {
        db.close();
      }
    };
    // Each run is killed once it has committed something, at a different distance from that.
    for (const [i, delay] of [0, 150, 400].entries()) {
      const run = cli(env, ['sync', 'run', connection, '-w', ws.id]);
      const deadline = Date.now() + 30_000;
      while (runRecords() === 0 && Date.now() < deadline && run.child.exitCode === null)
        await sleep(20);
      await sleep(delay);
      run.child.kill('SIGKILL');
      await run.done;
      afterKills.push(countLocal());
      await sleep(1100);
      // Salesforce keeps changing between the crashes.
      updateRecordAs(emulator, org.id, ids[i * 7]!, { Description: `changed ${i}` }, user.username);
    }
    assert.ok(
      afterKills.some((n) => n > 0 && n < count),
      `a kill landed in the middle of the load (records after each kill: ${afterKills.join(', ')})`,
    );
    clearFaults(emulator);
    await sleep(1100);
    const final = await cli(env, ['sync', 'run', connection, '-w', ws.id]).done;
    assert.equal(final.code, 0, final.stderr + final.stdout);

    const db = new DatabaseSync(dbFile);
    try {
      const rows = db
        .prepare(
          'SELECT record_id, system_modstamp, change_seq FROM synced_record WHERE connection_id = ? AND object = ?',
        )
        .all(connection, object) as Array<{
        record_id: string;
        system_modstamp: string;
        change_seq: number;
      }>;
      const table = emulator.requireOrg(org.id).tables.get(object)!;
      assert.equal(rows.length, table.rows.size, 'every record, once');
      const stamp = (v: unknown) =>
        new Date(Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString();
      const local = new Map(rows.map((r) => [r.record_id, r.system_modstamp]));
      for (const [id, record] of table.rows)
        assert.equal(local.get(id), stamp(record.SystemModstamp), id);
      assert.equal(
        new Set(rows.map((r) => r.change_seq)).size,
        rows.length,
        'feed positions unique',
      );
      const changed = db
        .prepare(
          "SELECT json_extract(data, '$.Description') AS d FROM synced_record WHERE record_id = ?",
        )
        .get(ids[14]!) as { d: string };
      assert.equal(changed.d, 'changed 2');
    } finally {
      db.close();
    }
  });
}
