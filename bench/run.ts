/**
 * `npm run bench`: runs every benchmark, prints a table of ratios against same-run baselines and
 * writes bench/results/latest.json (DESIGN §7). `ORGBRIDGE_BENCH_ACCOUNTS` scales the record count.
 */
import { benchAccessToken } from './access-token.ts';
import { benchEmulatorServing } from './emulator-serving.ts';
import { benchProbes } from './probes.ts';
import { benchPull } from './pull.ts';
import { benchPush } from './push.ts';
import { report, type BenchResult } from './report.ts';

const accounts = Number(process.env.ORGBRIDGE_BENCH_ACCOUNTS ?? 1_000_000);
const results: BenchResult[] = [];
results.push(...(await benchEmulatorServing(accounts)));
results.push(...(await benchAccessToken(Number(process.env.ORGBRIDGE_BENCH_SECONDS ?? 10))));
results.push(...(await benchPull(Number(process.env.ORGBRIDGE_BENCH_PULL_ACCOUNTS ?? accounts))));
results.push(...(await benchPush(Number(process.env.ORGBRIDGE_BENCH_PUSH_RECORDS ?? 20_000))));
results.push(...(await benchProbes(Number(process.env.ORGBRIDGE_BENCH_PROBES ?? 10_000))));
process.stdout.write(`${report(results)}\n`);
