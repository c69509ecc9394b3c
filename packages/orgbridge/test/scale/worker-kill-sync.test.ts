/**
 * Issue 8's crash criterion over real processes: three `orgbridge serve --role worker`
 * processes share one PostgreSQL database while a first load of 9,000 Contacts runs; after
 * each commit of the load (every second or two) one of them, at random, is killed with -9 and a
 * new one started, and records keep changing in Salesforce. Once the load has completed, the
 * local records are reconciled against the emulator: every record once, each at its current
 * SystemModstamp, every change-feed position unique. PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import pg from 'pg';
import {
  clearFaults,
  createConnectedApp,
  createOrg,
  createUser,
  injectFault,
  seedRecords,
  updateRecordAs,
} from '@orgbridge/salesforce-emulator';
import { DEFAULT_API_VERSION } from '../../src/salesforce/index.ts';
import { generateMasterKeyBase64 } from '../../src/vault/index.ts';
import { TEST_DATABASE_URL } from '../helpers/databases.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { freePort } from '../helpers/free-port.ts';
import {
  scratchPostgresDatabase,
  serve,
  stopServe,
  type ServeProcess,
} from '../helpers/serve-processes.ts';

const RECORDS = 9000;
/** Below the Bulk threshold: REST keyset pages of 2,000, each a commit a kill can fall between. */
const OBJECT = 'Contact';
const WORKERS = 3;
const LOAD_TIMEOUT_MS = 240_000;
const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** Runs one CLI command to its end. */
async function cli(env: NodeJS.ProcessEnv, args: string[], input = '') {
  const child = spawn(process.execPath, [main, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

if (TEST_DATABASE_URL !== null) {
  const serverUrl = TEST_DATABASE_URL;
  test(`a worker killed with -9 every few seconds during a full sync: nothing lost or duplicated`, async (t) => {
    const running = await useSalesforce();
    const { emulator } = running;
    t.after(() => clearFaults(emulator));
    const org = createOrg(emulator, { name: 'Worker kill' });
    const user = createUser(emulator, org.id, {
      username: `kill.${Date.now()}@kill.example`,
      profile: 'System Administrator',
    });
    const app = createConnectedApp(emulator, {
      name: 'kill',
      callbackUrls: ['https://x.example/cb'],
    });
    seedRecords(emulator, org.id, OBJECT, RECORDS);
    const databaseUrl = await scratchPostgresDatabase(serverUrl, 'workerkill');
    const env = {
      ...process.env,
      ORGBRIDGE_DATABASE_URL: databaseUrl,
      ORGBRIDGE_MASTER_KEY: generateMasterKeyBase64(),
      ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
      ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
      ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
      ORGBRIDGE_SYNC_INTERVAL_MS: '5000',
      // A killed worker's run is taken over two seconds after its last commit.
      ORGBRIDGE_SYNC_LEASE_MS: '2000',
      ORGBRIDGE_PROBE_INTERVAL_MS: '0',
      ORGBRIDGE_WEBHOOK_INTERVAL_MS: '0',
    };
    const ws = JSON.parse((await cli(env, ['workspaces', 'create', 'Kill', '--json'])).stdout) as {
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
    );
    assert.equal(created.code, 0, created.stderr);
    const connection = (JSON.parse(created.stdout) as { id: string }).id;
    const mapped = await cli(env, ['sync', 'map', connection, OBJECT, '-w', ws.id]);
    assert.equal(mapped.code, 0, mapped.stderr);

    // Every query page is slowed down so that the load spans several kills.
    injectFault(emulator, {
      kind: 'latency',
      latencyMs: 1200,
      orgId: org.id,
      pathPrefix: `/services/data/v${DEFAULT_API_VERSION}/query`,
    });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const workers: ServeProcess[] = [];
    const startWorker = async () => {
      const worker = serve({ ...env, PORT: String(await freePort()) }, ['--role', 'worker']);
      workers.push(worker);
      return worker;
    };
    // Stopped here rather than in `after`: the scratch database is dropped in an `after` hook.
    try {
      const live = await Promise.all(Array.from({ length: WORKERS }, startWorker));
      await Promise.all(live.map((w) => w.ready));
      const ids = [...emulator.requireOrg(org.id).tables.get(OBJECT)!.rows.keys()];
      const progress = async () => {
        const row = (
          await db.query<{ n: string; done: boolean }>(
            `SELECT (SELECT count(*) FROM synced_record) AS n,
                    (SELECT last_success_at IS NOT NULL FROM sync_mapping) AS done`,
          )
        ).rows[0]!;
        return { records: Number(row.n), done: row.done };
      };
      const atKills: number[] = [];
      const deadline = Date.now() + LOAD_TIMEOUT_MS;
      let kills = 0;
      let committed = 0;
      for (;;) {
        // A kill follows each commit of the load (a page every second or so, given the slow
        // query pages): the kills land between commits, never all before the first one.
        let state = await progress();
        while (!state.done && state.records <= committed && Date.now() < deadline) {
          await sleep(100);
          state = await progress();
        }
        if (state.done || Date.now() > deadline) break;
        committed = state.records;
        await sleep(Math.random() * 500);
        const victim = live.splice(Math.floor(Math.random() * live.length), 1)[0]!;
        victim.child.kill('SIGKILL');
        await once(victim.child, 'exit');
        atKills.push(state.records);
        kills += 1;
        // Salesforce keeps changing while the load runs.
        updateRecordAs(
          emulator,
          org.id,
          ids[kills * 11]!,
          { Description: `changed ${kills}` },
          user.username,
        );
        const replacement = await startWorker();
        await replacement.ready;
        live.push(replacement);
      }
      assert.ok((await progress()).done, `the load did not complete (${atKills.join(', ')})`);
      assert.ok(kills >= 2, `only ${kills} kills before the load completed`);
      assert.ok(
        atKills.some((n) => n > 0 && n < RECORDS),
        `a kill landed in the middle of the load (records at each kill: ${atKills.join(', ')})`,
      );
      // One more incremental pass picks up the changes made after the load's last page.
      clearFaults(emulator);
      const pass = await db.query<{ at: string }>('SELECT last_success_at AS at FROM sync_mapping');
      const first = Number(pass.rows[0]!.at);
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const now = await db.query<{ at: string; holder: string | null }>(
          'SELECT last_success_at AS at, run_holder AS holder FROM sync_mapping',
        );
        if (Number(now.rows[0]!.at) > first && now.rows[0]!.holder === null) break;
        await sleep(250);
      }

      const rows = (
        await db.query<{
          record_id: string;
          system_modstamp: string;
          change_seq: string;
          d: string | null;
        }>(
          `SELECT record_id, system_modstamp, change_seq, data::json->>'Description' AS d
             FROM synced_record WHERE connection_id = $1 AND object = $2`,
          [connection, OBJECT],
        )
      ).rows;
      const table = emulator.requireOrg(org.id).tables.get(OBJECT)!;
      assert.equal(rows.length, table.rows.size, 'every record, once');
      const stamp = (v: unknown) =>
        new Date(Date.parse(String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString();
      const local = new Map(rows.map((r) => [r.record_id, r]));
      for (const [id, record] of table.rows)
        assert.equal(local.get(id)?.system_modstamp, stamp(record.SystemModstamp), id);
      assert.equal(
        new Set(rows.map((r) => r.change_seq)).size,
        rows.length,
        'feed positions unique',
      );
      for (let k = 1; k <= kills; k++)
        assert.equal(local.get(ids[k * 11]!)?.d, `changed ${k}`, `the change made after kill ${k}`);
      t.diagnostic(`${kills} kills; records at each: ${atKills.join(', ')}`);
    } finally {
      for (const worker of workers) await stopServe(worker);
      await db.end().catch(() => undefined);
    }
  });
}
