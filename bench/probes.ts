import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { OrgClient } from '../packages/orgbridge/src/connections/org-client.ts';
import { ProbeScheduler } from '../packages/orgbridge/src/connections/probe-scheduler.ts';
import { sealContext } from '../packages/orgbridge/src/connections/connections-context.ts';
import { TokenService } from '../packages/orgbridge/src/connections/token-service.ts';
import { DEFAULT_API_VERSION } from '../packages/orgbridge/src/salesforce/index.ts';
import { newConnectionRow } from '../packages/orgbridge/src/store/connection-repository.ts';
import { createRepositories } from '../packages/orgbridge/src/store/repositories.ts';
import { openConnectionsContext } from '../packages/orgbridge/test/helpers/connections.ts';
import { result, type BenchResult } from './report.ts';

interface ServerInfo {
  instanceUrl: string;
  loginUrl: string;
  sandboxLoginUrl: string;
  orgId: string;
  userId: string;
  tokens: string[];
}

const INTERVAL_MS = 15 * 60 * 1000;
const DAY_MS = 86_400_000;

/**
 * Probing N connections (issue 4): the background probe's throughput over N connections that are
 * all due (SQLite store, the emulator in its own process), against the emulator's own rate for
 * the same call (`GET /services/data/vXX.X/` with autocannon, 50 connections) in the same run;
 * and the API requests one connection spends in a simulated day at the default interval.
 */
export async function benchProbes(count: number): Promise<BenchResult[]> {
  const child = spawn(
    process.execPath,
    [new URL('./servers/probe-emulator-server.ts', import.meta.url).pathname, String(count)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
    });
    const info = JSON.parse(line) as ServerInfo;

    const raw = await autocannon({
      url: `${info.instanceUrl}/services/data/v${DEFAULT_API_VERSION}/`,
      headers: { authorization: `Bearer ${info.tokens[0]!}` },
      connections: 50,
      duration: 5,
    });
    if (raw.non2xx > 0 || raw.errors > 0) throw new Error('emulator baseline had failures');

    let clock = Date.now();
    let sent = 0;
    const opened = await openConnectionsContext(
      'sqlite',
      { loginUrl: info.loginUrl, sandboxLoginUrl: info.sandboxLoginUrl } as never,
      { consumerKey: '3MVG9probeBench', consumerSecret: 'probe-bench-secret' },
    );
    const ctx = {
      ...opened.ctx,
      now: () => clock,
      fetch: ((input, init) => {
        sent++;
        return fetch(input, init);
      }) as typeof fetch,
    };
    const tokens = new TokenService(ctx, { holderId: 'bench' });
    const probes = new ProbeScheduler(
      { ctx, tokens, client: new OrgClient(ctx, tokens) },
      { intervalMs: INTERVAL_MS, concurrency: 50 },
    );
    const repos = createRepositories(ctx.db);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `conn_bench${String(i).padStart(6, '0')}`;
      const grantId = `gr_bench${String(i).padStart(6, '0')}`;
      ids.push(id);
      await repos.connections.insert({
        ...newConnectionRow({
          id,
          workspace_id: opened.workspaceId,
          nickname: `Bench ${i}`,
          environment: 'production',
          login_url: info.loginUrl,
          auth_flow: 'web_server',
          status: 'active',
          scopes: 'api refresh_token',
          created_at: clock,
        }),
        grant_id: grantId,
        org_id: info.orgId,
        user_id: info.userId,
        instance_url: info.instanceUrl,
        // Steady state: the daily reads were done; every probe below is one call.
        user_facts: '{}',
        user_facts_at: clock,
        next_probe_at: clock - 1,
        // As learnt from the org (7 days here): the token is used until then, never refreshed.
        session_lifetime_ms: 7 * DAY_MS,
      });
      await repos.grants.insert({
        id: grantId,
        connection_id: id,
        client_id: '3MVG9probeBench',
        refresh_token_sealed: null,
        access_token_sealed: ctx.vault.seal(info.tokens[i]!, sealContext.accessToken(grantId)),
        access_token_issued_at: clock,
        instance_url: info.instanceUrl,
        scopes: 'api',
        issued_at: clock,
        replaced_at: null,
        revoked_at: null,
      });
    }

    const started = process.hrtime.bigint();
    const ran = await probes.tick();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (ran !== count) throw new Error(`probed ${ran} of ${count}`);

    // A simulated day for one connection: every probe and daily read it causes, counted.
    const sample = ids.slice(0, 10);
    await ctx.db
      .updateTable('connection')
      .set({ next_probe_at: null, user_facts_at: null })
      .where('id', 'not in', sample)
      .execute();
    await ctx.db
      .updateTable('connection')
      .set({ status: 'disabled' })
      .where('id', 'not in', sample)
      .execute();
    await ctx.db.updateTable('connection').set({ user_facts_at: null }).execute();
    sent = 0;
    const dayEnd = clock + DAY_MS;
    while (clock < dayEnd) {
      clock += 60_000;
      await probes.tick();
    }
    const callsPerDay = sent / sample.length;
    await opened.store.close();
    return [
      result(
        `background probe, ${count.toLocaleString('en-US')} connections`,
        count / seconds,
        'probes/s',
        'emulator serving the same call directly (autocannon)',
        raw.requests.average,
        null,
      ),
      result(
        'API requests per connection per simulated day (15-minute probes + daily reads)',
        callsPerDay,
        'requests',
        'probes alone at the interval',
        DAY_MS / INTERVAL_MS,
        null,
      ),
    ];
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}
