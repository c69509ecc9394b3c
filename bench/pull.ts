import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OrgClient } from '../packages/orgbridge/src/connections/org-client.ts';
import { sealContext } from '../packages/orgbridge/src/connections/connections-context.ts';
import { TokenService } from '../packages/orgbridge/src/connections/token-service.ts';
import { newConnectionRow } from '../packages/orgbridge/src/store/connection-repository.ts';
import { openStore } from '../packages/orgbridge/src/store/open-store.ts';
import { createRepositories } from '../packages/orgbridge/src/store/repositories.ts';
import { runPull } from '../packages/orgbridge/src/sync/pull-engine.ts';
import { openConnectionsContext } from '../packages/orgbridge/test/helpers/connections.ts';
import { newPullMapping } from './mapping-row.ts';
import { result, type BenchResult } from './report.ts';

export interface ServerInfo {
  instanceUrl: string;
  token: string;
  count: number;
}

const DAY_MS = 86_400_000;
const CHILD_HEAP_MB = 256;

/**
 * V8 grows its young generation with the volume allocated, up to a maximum it derives from the
 * heap limit (two 64 MB semi-spaces here), and keeps it: a one-time growth that a long pull
 * reaches and a short one does not. Fixing its size separates that from what the pull holds.
 */
const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16', '--max-semi-space-size=16'];

/**
 * Runs one pull (without the baseline) in a child process with a capped heap and `v8Flags`;
 * its peak RSS.
 */
async function pullInChild(
  info: ServerInfo,
  url: string,
  filter: string | null,
  v8Flags: readonly string[] = [],
) {
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${CHILD_HEAP_MB}`,
      ...v8Flags,
      new URL('./servers/pull-child.ts', import.meta.url).pathname,
      JSON.stringify({ info, url, filter }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  await once(child, 'exit');
  return JSON.parse(line) as { records: number; peakMb: number };
}
const FIELDS = ['Name', 'Industry', 'BillingCity'];

/** Peak resident memory of this process while `fn` runs, sampled every 50 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A fresh store of `databaseUrl` (SQLite in a file of its own, as a deployment writes) with one
 * active connection to the bench emulator's org, its access token stored: what the pull and push
 * benchmarks run against.
 */
export async function benchConnection(info: ServerInfo, databaseUrl: string) {
  const dialect = databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite';
  if (dialect === 'postgres') process.env.ORGBRIDGE_TEST_DATABASE_URL = databaseUrl;
  const opened = await openConnectionsContext(
    dialect,
    {
      loginUrl: 'https://login.salesforce.com',
      sandboxLoginUrl: 'https://test.salesforce.com',
    } as never,
    { consumerKey: '3MVG9pullBench', consumerSecret: 'pull-bench-secret' },
  );
  if (dialect === 'sqlite') {
    // openTestStore gives SQLite in memory; the benchmark writes to a file, as a deployment does.
    await opened.store.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-bench-'));
  const store =
    dialect === 'sqlite' ? await openStore(`sqlite:${join(dir, 'orgbridge.db')}`) : opened.store;
  const ctx = { ...opened.ctx, db: store.db };
  const repos = createRepositories(ctx.db);
  const now = Date.now();
  await repos.workspaces
    .insert({ id: opened.workspaceId, name: 'Bench', created_at: now })
    .catch(() => undefined);
  const id = 'conn_pullbench';
  const grantId = 'gr_pullbench';
  await repos.connections.insert({
    ...newConnectionRow({
      id,
      workspace_id: opened.workspaceId,
      nickname: 'Pull bench',
      environment: 'production',
      login_url: 'https://login.salesforce.com',
      auth_flow: 'web_server',
      status: 'active',
      scopes: 'api',
      created_at: now,
    }),
    grant_id: grantId,
    instance_url: info.instanceUrl,
    session_lifetime_ms: 7 * DAY_MS,
  });
  await repos.grants.insert({
    id: grantId,
    connection_id: id,
    client_id: '3MVG9pullBench',
    refresh_token_sealed: null,
    access_token_sealed: ctx.vault.seal(info.token, sealContext.accessToken(grantId)),
    access_token_issued_at: now,
    instance_url: info.instanceUrl,
    scopes: 'api',
    issued_at: now,
    replaced_at: null,
    revoked_at: null,
  });
  const tokens = new TokenService(ctx, { holderId: 'bench' });
  const client = new OrgClient(ctx, tokens);
  return {
    ctx,
    store,
    tokens,
    client,
    id,
    workspaceId: opened.workspaceId,
    dialect,
    async close() {
      await store.close();
      if (dialect === 'postgres') await opened.store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One first load of `filter`'s records into a fresh store of `databaseUrl`. */
export async function pullOnce(
  info: ServerInfo,
  databaseUrl: string,
  filter: string | null,
  options: { baseline?: boolean } = {},
) {
  const bench = await benchConnection(info, databaseUrl);
  const { ctx, id, tokens, client } = bench;
  const repos = createRepositories(ctx.db);
  const now = Date.now();
  await repos.sync.insertMapping(
    newPullMapping({
      id: 'map_pullbench',
      connection_id: id,
      object: 'Account',
      fields: FIELDS,
      filter,
      now,
      nextRunAt: null,
    }),
  );
  const started = process.hrtime.bigint();
  const { value: outcome, peakMb } = await withPeakRss(() =>
    runPull({ ctx, tokens, client }, 'map_pullbench', {
      holderId: 'bench',
      bulkPollMs: 100,
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (outcome.kind !== 'completed') throw new Error(`pull ${outcome.kind}`);
  if (options.baseline === false) {
    await bench.close();
    return { records: outcome.records, rate: outcome.records / seconds, rawRate: 0, peakMb };
  }
  const rows = await ctx.db.selectFrom('synced_record').selectAll().execute();
  // The baseline: the same rows inserted straight into the same database, through the same
  // compiled statement, 10,000 per transaction: everything but Salesforce, the network and CSV.
  await ctx.db.deleteFrom('synced_record').execute();
  const rawStarted = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += 10_000) {
    const slice = rows.slice(i, i + 10_000);
    await ctx.db.transaction().execute((trx) => createRepositories(trx).sync.upsertRecords(slice));
  }
  const rawSeconds = Number(process.hrtime.bigint() - rawStarted) / 1e9;
  await bench.close();
  return {
    records: outcome.records,
    rate: outcome.records / seconds,
    rawRate: rows.length / rawSeconds,
    peakMb,
  };
}

/**
 * Initial pull of N Accounts from the emulator (its own process) into SQLite, and into
 * PostgreSQL when ORGBRIDGE_BENCH_DATABASE_URL (or ORGBRIDGE_TEST_DATABASE_URL) is set: records
 * per second against inserting the same records straight into the same database in the same run,
 * and this process's peak memory for a tenth of the records and for all of them (flat is the
 * target: the load is streamed).
 */
export async function benchPull(count: number): Promise<BenchResult[]> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      new URL('./servers/emulator-server.ts', import.meta.url).pathname,
      String(count),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const info = JSON.parse(line) as ServerInfo;
    const tenth = Math.floor(count / 10);
    const results: BenchResult[] = [];
    const targets: Array<[string, string]> = [['SQLite', 'sqlite:bench']];
    const pgUrl =
      process.env.ORGBRIDGE_BENCH_DATABASE_URL ?? process.env.ORGBRIDGE_TEST_DATABASE_URL;
    if (pgUrl) targets.push(['PostgreSQL', pgUrl]);
    const tenthFilter = `Name <= 'Account ${String(tenth).padStart(7, '0')}'`;
    for (const [name, url] of targets) {
      // A warm-up pull of a tenth first: a deployment is a long-running process, so the figure
      // is taken with the JIT warm, as the baseline (which runs after the pull) always is.
      await pullOnce(info, url, tenthFilter, { baseline: false });
      const full = await pullOnce(info, url, null);
      // Memory in a process of its own with a small heap, so that garbage V8 has not collected
      // yet does not pass for memory the pull holds: a pull that kept records would outgrow it.
      const small = await pullInChild(info, url, tenthFilter, FIXED_YOUNG_GENERATION);
      const large = await pullInChild(info, url, null, FIXED_YOUNG_GENERATION);
      const smallDefault = await pullInChild(info, url, tenthFilter);
      const largeDefault = await pullInChild(info, url, null);
      results.push(
        result(
          `initial pull of ${count.toLocaleString('en-US')} Accounts into ${name}`,
          full.rate,
          'records/s',
          `the same records inserted straight into ${name}`,
          full.rawRate,
          '>= 0.5',
        ),
        result(
          `peak memory of a pull into ${name}, ${large.records.toLocaleString('en-US')} records (${CHILD_HEAP_MB} MB heap cap, young generation fixed at 2 x 16 MB)`,
          large.peakMb,
          'MB',
          `the same pull of ${small.records.toLocaleString('en-US')} records`,
          small.peakMb,
          '~ 1 (flat)',
        ),
        result(
          `peak memory of a pull into ${name}, ${largeDefault.records.toLocaleString('en-US')} records (${CHILD_HEAP_MB} MB heap cap, V8's default young generation)`,
          largeDefault.peakMb,
          'MB',
          `the same pull of ${smallDefault.records.toLocaleString('en-US')} records`,
          smallDefault.peakMb,
          null,
        ),
      );
    }
    return results;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}
