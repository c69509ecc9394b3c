import { Command } from 'commander';
import { printResult, withServices } from './with-services.ts';

/** `orgbridge workspaces create|list`: the operator's view (what the admin API key can do). */
export function workspacesCommand(): Command {
  const command = new Command('workspaces').description('Create and list workspaces');
  command
    .command('create <name>')
    .description('Create a workspace and print its first API key (shown once)')
    .option('--json', 'print JSON')
    .action((name: string, options: { json?: boolean }) =>
      withServices(async (services) => {
        const { workspace, apiKey } = await services.workspaces.create(name);
        printResult({ ...workspace, apiKey }, options.json ?? false);
      }),
    );
  command
    .command('list')
    .description('List workspaces')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withServices(async (services) => {
        const workspaces = await services.workspaces.list();
        if (options.json) printResult(workspaces, true);
        else for (const w of workspaces) process.stdout.write(`${w.id}  ${w.name}\n`);
      }),
    );
  return command;
}
