import { randomBytes } from 'node:crypto';
import { MultiBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { orgServices } from '../connections/health-check.ts';
import { listMappings, putMappings, DEFAULT_OBJECTS } from '../sync/mappings.ts';
import { pushNow } from '../sync/push-scheduler.ts';
import { syncNow } from '../sync/sync-scheduler.ts';
import { printResult, withServices } from './with-services.ts';

interface Common {
  workspace: string;
  json?: boolean;
}

const workspaceOption = () =>
  new Option('-w, --workspace <id>', 'the workspace').makeOptionMandatory();

/**
 * `orgbridge sync …`: set a connection's mappings, pull it now with a progress bar per object,
 * and show its sync state, through the same services as the HTTP API.
 */
export function syncCommand(): Command {
  const command = new Command('sync').description(
    'Pull Salesforce objects into the local database',
  );
  command
    .command('map <connection> [objects...]')
    .description(`Set the objects a connection pulls (default: ${DEFAULT_OBJECTS.join(', ')})`)
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action((connection: string, objects: string[], options: Common) =>
      withServices(async (services) => {
        const health = orgServices(services.connections, services.tokens);
        const given = objects.length > 0;
        const mappings = await putMappings(
          health,
          options.workspace,
          connection,
          (given ? objects : DEFAULT_OBJECTS).map((object) => ({ object })),
          { skipUnreadable: !given },
        );
        printResult(
          options.json ? mappings : mappings.map((m) => m.object).join(', '),
          options.json ?? false,
        );
      }),
    );
  command
    .command('run <connection>')
    .description('Pull every mapping of the connection now, with a progress bar per object')
    .addOption(workspaceOption())
    .option('--json', 'print the outcome as JSON instead of progress bars')
    .action((connection: string, options: Common) =>
      withServices(async (services) => {
        const health = orgServices(services.connections, services.tokens);
        await listMappings(services.connections, options.workspace, connection);
        // Bars on a terminal; on a pipe or in CI, one summary line per object instead.
        const bars =
          options.json || !process.stderr.isTTY
            ? null
            : new MultiBar(
                {
                  format: ' {object} |{bar}| {value}/{total} records | {rate}/s | ETA {eta}s',
                  hideCursor: true,
                  clearOnComplete: false,
                },
                Presets.shades_classic,
              );
        const byObject = new Map<string, ReturnType<MultiBar['create']>>();
        const refresh = async () => {
          for (const m of await listMappings(services.connections, options.workspace, connection)) {
            const total = Math.max(m.progress.expected ?? m.progress.read, m.progress.read, 1);
            const payload = { object: m.object.padEnd(14), rate: m.progress.ratePerSecond ?? 0 };
            const bar = byObject.get(m.object);
            if (!bar) byObject.set(m.object, bars!.create(total, m.progress.read, payload));
            else {
              bar.setTotal(total);
              bar.update(m.progress.read, payload);
            }
          }
        };
        const timer = bars
          ? setInterval(() => {
              refresh().catch(() => undefined);
            }, 250)
          : null;
        try {
          const outcomes = await syncNow(health, connection, {
            holderId: `cli:${randomBytes(6).toString('hex')}`,
          });
          if (bars) await refresh();
          if (options.json) printResult(outcomes, true);
          else if (!bars)
            for (const m of await listMappings(services.connections, options.workspace, connection))
              process.stdout.write(
                `${m.object.padEnd(16)} ${m.progress.read} read, ${m.records} records (${m.progress.method ?? '-'})` +
                  `${m.lastError ? `  ${m.lastError}` : ''}\n`,
              );
          if (outcomes.some((o) => o.kind === 'failed' || o.kind === 'paused'))
            process.exitCode = 1;
        } finally {
          if (timer) clearInterval(timer);
          bars?.stop();
        }
      }),
    );
  command
    .command('push <connection>')
    .description("Deliver the connection's queued writes to Salesforce now")
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action((connection: string, options: Common) =>
      withServices(async (services) => {
        const result = await pushNow(
          orgServices(services.connections, services.tokens),
          options.workspace,
          connection,
          { holderId: `cli:${randomBytes(6).toString('hex')}` },
        );
        printResult(result, options.json ?? false);
        if (result.outcome.kind !== 'completed') process.exitCode = 1;
      }),
    );
  command
    .command('status <connection>')
    .description('Show the sync state of each mapping')
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .action((connection: string, options: Common) =>
      withServices(async (services) => {
        const mappings = await listMappings(services.connections, options.workspace, connection);
        if (options.json) return printResult(mappings, true);
        for (const m of mappings)
          process.stdout.write(
            `${m.object.padEnd(16)} ${m.phase.padEnd(12)} ${String(m.records).padStart(9)} records  ` +
              `last success ${m.lastSuccessAt ?? 'never'}${m.lastError ? `  error: ${m.lastError}` : ''}\n`,
          );
      }),
    );
  return command;
}
