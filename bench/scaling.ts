import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sealContext } from '../packages/orgbridge/src/connections/connections-context.ts';
import { newConnectionRow } from '../packages/orgbridge/src/store/connection-repository.ts';
import { openStore } from '../packages/orgbridge/src/store/open-store.ts';
import { createRepositories } from '../packages/orgbridge/src/store/repositories.ts';
import {
  generateMasterKeyBase64,
  KeyRing,
  parseMasterKey,
  Vault,
} from '../packages/orgbridge/src/vault/index.ts';
import { load, median } from './access-token.ts';
import { newPullMapping } from './mapping-row.ts';
import { freePort } from '../packages/orgbridge/test/helpers/free-port.ts';
import {
  serve,
  stopServe,
  type ServeProcess,
} from '../packages/orgbridge/test/helpers/serve-processes.ts';
import { result, type BenchResult } from './report.ts';

interface ServerInfo {
  instanceUrl: string;
  loginUrl: string;
  sandboxLoginUrl: string;
  orgId: string;
  clientId: string;
  clientSecret: string;
  approvals: Array<{ userId: string; grantId: string; refreshToken: string; accessToken: string }>;
}

export interface ScalingOptions {
  /** A PostgreSQL server URL; the benchmark makes a scratch database there and drops it. */
  databaseUrl: string;
  /** Connections kept alive in the refresh runs. */
  connections: number;
  /** Mappings (one per connection) pulled in the sync runs, and Contacts in the org. */
  mappings: number;
  records: number;
  /** Added to every Salesforce call: the network round trip a real org is away. */
  latencyMs: number;
  workers: readonly number[];
  accessTokenSeconds: number;
}

const plural = (workers: number) => `${workers} worker${workers === 1 ? '' : 's'}`;

/**
 * What a curve should reach over the first point: a lock or claim that serialized the workers
 * would leave it near 1. Sync is held lower: on a small machine the workers, PostgreSQL and the
 * emulator share the cores, and first loads spend CPU on every record.
 */
function scalingTarget(workers: number, first: number, kind: 'refresh' | 'sync'): string | null {
  if (workers === first) return null;
  const factor = workers / first;
  if (kind === 'refresh') return factor >= 4 ? '>= 2.5' : '>= 1.5';
  return '>= 1.4';
}

const ADMIN_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;
const HOUR = 3_600_000;

/** `orgbridge serve --role <role>` in a process of its own, once it is listening. */
async function serveAs(env: NodeJS.ProcessEnv, role: 'api' | 'worker'): Promise<ServeProcess> {
  const server = serve({ PORT: String(await freePort()), ...env }, ['--role', role]);
  await server.ready;
  return server;
}

const stop = (servers: ServeProcess[]) => Promise.all(servers.map(stopServe));

/** The emulator's process, and one JSON answer per command written to its stdin. */
async function startScaleEmulator(connections: number, records: number) {
  const child = spawn(
    process.execPath,
    [
      new URL('./servers/scale-emulator-server.ts', import.meta.url).pathname,
      String(connections),
      String(records),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done === true) throw new Error('the bench emulator exited');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const info = (await next()) as unknown as ServerInfo;
  return {
    info,
    async command(text: string): Promise<Record<string, unknown>> {
      child.stdin.write(`${text}\n`);
      return next();
    },
    async close() {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => undefined);
    },
  };
}

/** Polls `done` every 100 ms; returns the seconds until it held, or throws after `limitMs`. */
async function timeUntil(done: () => Promise<boolean>, limitMs: number, what: string) {
  const started = process.hrtime.bigint();
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within ${limitMs / 1000} s`);
    await sleep(100);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The scaling curve (issue 8): `orgbridge serve --role worker` processes sharing one PostgreSQL
 * database, 1, 2 and 4 of them, against the emulator in a process of its own with a fixed delay
 * on every Salesforce call (200 ms by default: a real org's token and query calls take that and
 * more, and waiting for them is what a worker mostly does). Without the delay the figure is this
 * machine's CPU, shared by the workers, PostgreSQL and the emulator, rather than how the work
 * spreads over processes.
 *
 * - Refresh: every connection's access token dies at once (the emulator's clock moves eight
 *   hours, its refresh tokens rotate); the workers' probes find out and refresh. Throughput is
 *   connections refreshed per second, from the moment all are due to the last refresh; the
 *   run fails on a revoked grant (a rotated token used twice) or a second refresh.
 * - Sync: first loads of Contacts, one mapping per connection, all due at once; records per
 *   second until every mapping has completed, every record stored once.
 * - The access-token endpoint of an `api` process on the same database under load from this
 *   process (autocannon), against `/healthz` of the same process.
 */
export async function benchScaling(options: ScalingOptions): Promise<BenchResult[]> {
  const salesforce = await startScaleEmulator(options.connections, options.records);
  const { info } = salesforce;
  const database = `orgbridge_bench_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(options.databaseUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const masterKey = generateMasterKeyBase64();
  const apiPort = await freePort();
  const publicUrl = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORGBRIDGE_DATABASE_URL: databaseUrl,
    ORGBRIDGE_MASTER_KEY: masterKey,
    ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    ORGBRIDGE_PUBLIC_URL: publicUrl,
    ORGBRIDGE_SALESFORCE_CLIENT_ID: info.clientId,
    ORGBRIDGE_SALESFORCE_CLIENT_SECRET: info.clientSecret,
    ORGBRIDGE_SALESFORCE_LOGIN_URL: info.loginUrl,
    ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: info.sandboxLoginUrl,
    ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
    ORGBRIDGE_WEBHOOK_INTERVAL_MS: '0',
  };
  const running: ServeProcess[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    // The api process migrates the database and makes the workspace, as a deployment would.
    const api = await serveAs({ ...env, PORT: String(apiPort) }, 'api');
    running.push(api);
    const workspace = (await (
      await fetch(`${publicUrl}/api/v1/workspaces`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Scale bench' }),
      })
    ).json()) as { id: string; apiKey: string };
    await seedConnections(databaseUrl, masterKey, workspace.id, info, options);
    await db.connect();
    await salesforce.command(`latency ${options.latencyMs}`);

    const results: BenchResult[] = [];
    const refreshRates = new Map<number, number>();
    for (const workers of options.workers) {
      await db.query('UPDATE connection SET next_probe_at = $1', [Date.now() + 24 * HOUR]);
      const started = await Promise.all(
        Array.from({ length: workers }, () =>
          serveAs(
            { ...env, ORGBRIDGE_PROBE_INTERVAL_MS: '60000', ORGBRIDGE_SYNC_INTERVAL_MS: '0' },
            'worker',
          ),
        ),
      );
      running.push(...started);
      const before = (await salesforce.command('status')) as { sessions: number };
      // Every access token dies (sessions last two hours), then every connection is due.
      await salesforce.command(`advance ${8 * HOUR}`);
      await db.query('UPDATE connection SET next_probe_at = $1', [Date.now() - 1]);
      const seconds = await timeUntil(
        async () =>
          ((await salesforce.command('status')) as { sessions: number }).sessions -
            before.sessions >=
          options.connections,
        600_000,
        `refresh with ${workers} workers`,
      );
      await stop(started);
      const after = (await salesforce.command('status')) as { sessions: number; revoked: number };
      if (after.revoked > 0) throw new Error(`${after.revoked} grants revoked`);
      const extra = after.sessions - before.sessions - options.connections;
      if (extra !== 0) throw new Error(`${extra} connections refreshed twice`);
      refreshRates.set(workers, options.connections / seconds);
    }
    const syncRates = new Map<number, number>();
    const total = options.mappings * options.records;
    for (const workers of options.workers) {
      await db.query('DELETE FROM synced_record');
      await db.query(
        `UPDATE sync_mapping SET cursor_modstamp = NULL, cursor_id = NULL, phase = 'initial',
                last_success_at = NULL, last_error = NULL, run_holder = NULL, run_until = NULL,
                run_started_at = NULL, run_expected = NULL, run_method = NULL, next_run_at = $1`,
        [Date.now() + 24 * HOUR],
      );
      const started = await Promise.all(
        Array.from({ length: workers }, () =>
          serveAs(
            { ...env, ORGBRIDGE_PROBE_INTERVAL_MS: '0', ORGBRIDGE_SYNC_INTERVAL_MS: String(HOUR) },
            'worker',
          ),
        ),
      );
      running.push(...started);
      await db.query('UPDATE sync_mapping SET next_run_at = $1', [Date.now() - 1]);
      const seconds = await timeUntil(
        async () =>
          Number(
            (
              await db.query<{ n: string }>(
                'SELECT count(*) AS n FROM sync_mapping WHERE last_success_at IS NOT NULL',
              )
            ).rows[0]!.n,
          ) === options.mappings,
        600_000,
        `sync with ${workers} workers`,
      );
      await stop(started);
      const stored = await db.query<{ n: string; distinct: string }>(
        'SELECT count(*) AS n, count(DISTINCT (connection_id, record_id)) AS distinct FROM synced_record',
      );
      if (Number(stored.rows[0]!.n) !== total || Number(stored.rows[0]!.distinct) !== total)
        throw new Error(`sync stored ${stored.rows[0]!.n} records of ${total}`);
      syncRates.set(workers, total / seconds);
    }
    const [first] = options.workers;
    for (const workers of options.workers) {
      results.push(
        result(
          `refresh of ${options.connections} dead tokens (probe, refresh, retry; ${options.latencyMs} ms per Salesforce call), ${plural(workers)}`,
          refreshRates.get(workers)!,
          'connections/s',
          `${plural(first!)}, same run`,
          refreshRates.get(first!)!,
          scalingTarget(workers, first!, 'refresh'),
        ),
      );
    }
    for (const workers of options.workers) {
      results.push(
        result(
          `first loads of ${options.mappings} mappings x ${options.records} Contacts (${options.latencyMs} ms per Salesforce call), ${plural(workers)}`,
          syncRates.get(workers)!,
          'records/s',
          `${plural(first!)}, same run`,
          syncRates.get(first!)!,
          scalingTarget(workers, first!, 'sync'),
        ),
      );
    }

    // The access-token endpoint of the api process, on PostgreSQL, under load from this process.
    const connectionId = (
      await db.query<{ id: string }>('SELECT id FROM connection ORDER BY id LIMIT 1')
    ).rows[0]!.id;
    const tokenUrl = `${publicUrl}/api/v1/connections/${connectionId}/access-token`;
    const auth = { authorization: `Bearer ${workspace.apiKey}` };
    await load(`${publicUrl}/healthz`, {}, 1);
    await load(tokenUrl, auth, 1);
    const emptyRates: number[] = [];
    const tokenRates: number[] = [];
    const roundSeconds = Math.max(1, Math.round(options.accessTokenSeconds / 3));
    for (let round = 0; round < 6; round++) {
      const order = round % 2 === 0 ? ['empty', 'token'] : ['token', 'empty'];
      for (const which of order)
        if (which === 'empty')
          emptyRates.push(await load(`${publicUrl}/healthz`, {}, roundSeconds));
        else tokenRates.push(await load(tokenUrl, auth, roundSeconds));
    }
    results.push(
      result(
        'access-token endpoint, warm token, PostgreSQL api process',
        median(tokenRates),
        'requests/s',
        'empty route (/healthz), same server',
        median(emptyRates),
        '>= 0.7',
      ),
    );
    return results;
  } finally {
    await stop(running);
    await db.end().catch(() => undefined);
    await salesforce.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * The connections, as the OAuth flow would have left them: each with its approval's refresh and
 * access tokens sealed with the processes' master key, the daily reads done and no permission
 * requirement, so that a probe is one call; the first `mappings` with a Contact mapping.
 */
async function seedConnections(
  databaseUrl: string,
  masterKey: string,
  workspaceId: string,
  info: ServerInfo,
  options: ScalingOptions,
): Promise<void> {
  const store = await openStore(databaseUrl);
  const repos = createRepositories(store.db);
  const vault = new Vault(new KeyRing(parseMasterKey(masterKey)));
  const now = Date.now();
  try {
    for (const [i, approval] of info.approvals.entries()) {
      const id = `conn_scale${String(i).padStart(6, '0')}`;
      const grantId = `gr_scale${String(i).padStart(6, '0')}`;
      await repos.connections.insert({
        ...newConnectionRow({
          id,
          workspace_id: workspaceId,
          nickname: `Scale ${i}`,
          environment: 'production',
          login_url: info.loginUrl,
          auth_flow: 'web_server',
          status: 'active',
          scopes: 'api refresh_token',
          created_at: now,
        }),
        grant_id: grantId,
        org_id: info.orgId,
        user_id: approval.userId,
        instance_url: info.instanceUrl,
        identity_url: `${info.loginUrl}/id/${info.orgId}/${approval.userId}`,
        user_facts: '{}',
        user_facts_at: now,
        next_probe_at: now + 24 * HOUR,
      });
      await repos.grants.insert({
        id: grantId,
        connection_id: id,
        client_id: info.clientId,
        refresh_token_sealed: vault.seal(approval.refreshToken, sealContext.refreshToken(grantId)),
        access_token_sealed: vault.seal(approval.accessToken, sealContext.accessToken(grantId)),
        access_token_issued_at: now,
        instance_url: info.instanceUrl,
        scopes: 'api refresh_token',
        issued_at: now,
        replaced_at: null,
        revoked_at: null,
      });
      if (i < options.mappings)
        await repos.sync.insertMapping(
          newPullMapping({
            id: `map_scale${String(i).padStart(6, '0')}`,
            connection_id: id,
            object: 'Contact',
            fields: ['FirstName', 'LastName', 'Email'],
            filter: null,
            now,
            nextRunAt: now + 24 * HOUR,
          }),
        );
    }
  } finally {
    await store.close();
  }
}
