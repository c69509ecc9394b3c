/**
 * `npm run bench`: runs every benchmark, prints a table of ratios against same-run baselines and
 * writes bench/results/latest.json (DESIGN §7). `ORGBRIDGE_BENCH_ACCOUNTS` scales the record count;
 * the multi-process scaling curve runs when a PostgreSQL server is given.
 */
import { benchAccessToken } from './access-token.ts';
import { benchEmulatorServing } from './emulator-serving.ts';
import { benchProbes } from './probes.ts';
import { benchPull } from './pull.ts';
import { benchPush } from './push.ts';
import { report, type BenchResult } from './report.ts';
import { benchScaling } from './scaling.ts';

const accounts = Number(process.env.ORGBRIDGE_BENCH_ACCOUNTS ?? 1_000_000);
const results: BenchResult[] = [];
results.push(...(await benchEmulatorServing(accounts)));
results.push(...(await benchAccessToken(Number(process.env.ORGBRIDGE_BENCH_SECONDS ?? 10))));
results.push(...(await benchPull(Number(process.env.ORGBRIDGE_BENCH_PULL_ACCOUNTS ?? accounts))));
results.push(...(await benchPush(Number(process.env.ORGBRIDGE_BENCH_PUSH_RECORDS ?? 20_000))));
results.push(...(await benchProbes(Number(process.env.ORGBRIDGE_BENCH_PROBES ?? 10_000))));
const postgres =
  process.env.ORGBRIDGE_BENCH_DATABASE_URL ?? process.env.ORGBRIDGE_TEST_DATABASE_URL;
if (postgres) {
  results.push(
    ...(await benchScaling({
      databaseUrl: postgres,
      connections: Number(process.env.ORGBRIDGE_BENCH_SCALE_CONNECTIONS ?? 500),
      mappings: Number(process.env.ORGBRIDGE_BENCH_SCALE_MAPPINGS ?? 32),
      records: Number(process.env.ORGBRIDGE_BENCH_SCALE_RECORDS ?? 2000),
      latencyMs: Number(process.env.ORGBRIDGE_BENCH_SCALE_LATENCY_MS ?? 200),
      workers: [1, 2, 4],
      accessTokenSeconds: Number(process.env.ORGBRIDGE_BENCH_SECONDS ?? 10),
    })),
  );
} else {
  process.stderr.write(
    'scaling curve not measured: it needs PostgreSQL (set ORGBRIDGE_BENCH_DATABASE_URL)\n',
  );
}
process.stdout.write(`${report(results)}\n`);
