import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { enqueueWrites, type WriteInput } from '../packages/orgbridge/src/sync/outbox.ts';
import { runPush, type PushOptions } from '../packages/orgbridge/src/sync/push-engine.ts';
import { benchConnection, type ServerInfo } from './pull.ts';
import { result, type BenchResult } from './report.ts';

/** Enqueues `count` inserts, then delivers them in one run; records per second of the delivery. */
async function pushOnce(
  info: ServerInfo,
  tag: string,
  count: number,
  options: Partial<PushOptions>,
): Promise<number> {
  const bench = await benchConnection(info, 'sqlite:bench');
  try {
    const writes: WriteInput[] = Array.from({ length: count }, (_, i) => ({
      operation: 'insert',
      fields: { Name: `${tag} ${i}`, Industry: 'Energy' },
    }));
    const ctx = bench.ctx;
    for (let i = 0; i < writes.length; i += 10_000)
      await enqueueWrites(ctx, bench.workspaceId, bench.id, 'Account', writes.slice(i, i + 10_000));
    const started = process.hrtime.bigint();
    const outcome = await runPush(bench, bench.id, { holderId: 'bench', ...options });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (outcome.kind !== 'completed' || outcome.delivered !== count)
      throw new Error(`push ${JSON.stringify(outcome)}`);
    return count / seconds;
  } finally {
    await bench.close();
  }
}

/**
 * Records pushed per second from the outbox into the emulator (its own process), through sObject
 * Collections and through Bulk API 2.0 ingest, against the emulator's raw intake: the same
 * number of records created straight in its record store, without HTTP, in the same run.
 */
export async function benchPush(count: number): Promise<BenchResult[]> {
  const child = spawn(
    process.execPath,
    [new URL('./servers/push-emulator-server.ts', import.meta.url).pathname, String(count)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const info = JSON.parse(line) as ServerInfo & { rawRate: number };
    const collections = await pushOnce(info, 'Collections', count, {
      bulkThreshold: Number.POSITIVE_INFINITY,
    });
    const bulk = await pushOnce(info, 'Bulk', count, { bulkThreshold: 1, bulkPollMs: 50 });
    const baseline = `the emulator's raw intake (records created without HTTP)`;
    return [
      result(
        `push of ${count.toLocaleString('en-US')} inserts through sObject Collections`,
        collections,
        'records/s',
        baseline,
        info.rawRate,
        'report',
      ),
      result(
        `push of ${count.toLocaleString('en-US')} inserts through Bulk API 2.0 ingest`,
        bulk,
        'records/s',
        baseline,
        info.rawRate,
        'report',
      ),
    ];
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
}
