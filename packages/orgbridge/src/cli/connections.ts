import { Command, Option } from 'commander';
import { createConnection, startReauthorization } from '../connections/connect-service.ts';
import {
  deleteConnection,
  disableConnection,
  enableConnection,
  getConnection,
  listConnections,
} from '../connections/connection-admin.ts';
import { ENVIRONMENTS, type Environment } from '../domain/environment.ts';
import { printResult, withServices } from './with-services.ts';

interface Common {
  workspace: string;
  json?: boolean;
}

const workspaceOption = () =>
  new Option('-w, --workspace <id>', 'the workspace').makeOptionMandatory();
const jsonOption = () => new Option('--json', 'print JSON');

/** Adds a subcommand that acts on one connection by id. */
function onConnection(
  parent: Command,
  name: string,
  description: string,
  act: (
    services: Parameters<Parameters<typeof withServices>[0]>[0],
    workspaceId: string,
    id: string,
  ) => Promise<unknown>,
): void {
  parent
    .command(`${name} <id>`)
    .description(description)
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action((id: string, options: Common) =>
      withServices(async (services) =>
        printResult(await act(services, options.workspace, id), options.json ?? false),
      ),
    );
}

/**
 * `orgbridge connections …`: the HTTP API's connection routes on the command line, calling the
 * same services.
 */
export function connectionsCommand(): Command {
  const command = new Command('connections').description(
    'Connect, inspect, heal and remove Salesforce connections',
  );
  command
    .command('list')
    .description("List a workspace's connections")
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action((options: Common) =>
      withServices(async (services) => {
        const connections = await listConnections(services.connections, options.workspace);
        if (options.json) return printResult(connections, true);
        for (const c of connections) {
          const who = c.identity
            ? `${c.identity.username ?? c.identity.userId} @ ${c.identity.orgId}`
            : '(not authorized)';
          process.stdout.write(
            `${c.id}  ${c.nickname.padEnd(20)} ${c.status.padEnd(13)} ${c.statusReason ?? ''}  ${who}\n`,
          );
        }
      }),
    );
  onConnection(command, 'show', 'Show one connection', (s, w, id) =>
    getConnection(s.connections, w, id),
  );
  command
    .command('create')
    .description('Create a connection and print the link that sends an admin to Salesforce')
    .addOption(workspaceOption())
    .requiredOption('-n, --nickname <nickname>', 'a name unique in the workspace')
    .addOption(
      new Option('-e, --environment <environment>', 'where to log in')
        .choices(ENVIRONMENTS)
        .default('production'),
    )
    .option('--login-url <url>', 'the My Domain URL (environment custom)')
    .option('--login-hint <username>', 'pre-fill the Salesforce username')
    .option('--client-id <id>', "the connection's own connected app")
    .option('--client-secret <secret>', "the connection's own app secret")
    .addOption(jsonOption())
    .action(
      (
        options: Common & {
          nickname: string;
          environment: Environment;
          loginUrl?: string;
          loginHint?: string;
          clientId?: string;
          clientSecret?: string;
        },
      ) =>
        withServices(async (services) => {
          const link = await createConnection(services.connections, options.workspace, {
            nickname: options.nickname,
            environment: options.environment,
            ...(options.loginUrl ? { loginUrl: options.loginUrl } : {}),
            ...(options.loginHint ? { loginHint: options.loginHint } : {}),
            ...(options.clientId && options.clientSecret
              ? { app: { clientId: options.clientId, clientSecret: options.clientSecret } }
              : {}),
          });
          printResult(link, options.json ?? false);
        }),
    );
  onConnection(
    command,
    'reauthorize',
    'Print a link that re-authorizes the connection in place',
    (s, w, id) => startReauthorization(s.connections, w, id),
  );
  onConnection(
    command,
    'disable',
    'Stop all work for the connection; its grant is kept',
    (s, w, id) => disableConnection(s.connections, w, id),
  );
  onConnection(
    command,
    'enable',
    'Resume the connection and re-check its grant at once',
    (s, w, id) => enableConnection(s.connections, s.tokens, w, id),
  );
  onConnection(
    command,
    'delete',
    'Revoke the grant at Salesforce and delete the connection',
    (s, w, id) => deleteConnection(s.connections, w, id),
  );
  return command;
}
