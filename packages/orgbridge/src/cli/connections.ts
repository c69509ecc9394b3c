import { Command, Option } from 'commander';
import { createConnection, startReauthorization } from '../connections/connect-service.ts';
import {
  deleteConnection,
  disableConnection,
  enableConnection,
  getConnection,
  listConnections,
} from '../connections/connection-admin.ts';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import {
  createDirectConnection,
  reauthorizeWithCredentials,
} from '../connections/direct-connect.ts';
import { isDirectFlow, type DirectCredentials } from '../connections/direct-credentials.ts';
import {
  AUTH_FLOWS,
  ENVIRONMENTS,
  type AuthFlow,
  type Environment,
} from '../domain/environment.ts';
import { printResult, withServices } from './with-services.ts';

interface Common {
  workspace: string;
  json?: boolean;
}

interface CredentialOptions {
  username?: string;
  passwordStdin?: boolean;
  privateKeyFile?: string;
}

/**
 * Credentials of the direct flows from the command line. Secrets never come from arguments
 * (visible in `ps` and shell history): the password and security token are read from standard
 * input (first line, second line), the private key from a file.
 */
async function readCredentials(options: CredentialOptions): Promise<DirectCredentials> {
  const credentials: DirectCredentials = {};
  if (options.username) credentials.username = options.username;
  if (options.passwordStdin) {
    const [password = '', securityToken = ''] = (await text(process.stdin)).split(/\r?\n/);
    credentials.password = password;
    credentials.securityToken = securityToken;
  }
  if (options.privateKeyFile)
    credentials.privateKey = await readFile(options.privateKeyFile, 'utf8');
  return credentials;
}

const credentialOptions = (command: Command): Command =>
  command
    .option('--username <username>', 'password and jwt_bearer flows: the Salesforce username')
    .option(
      '--password-stdin',
      'password flow: read the password (first line) and security token (second line) from stdin',
    )
    .option('--private-key-file <path>', 'jwt_bearer flow: PKCS#8 PEM private key');

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
  credentialOptions(
    command
      .command('create')
      .description(
        'Create a connection: print the link that sends an admin to Salesforce (web_server), or log in at once (other flows)',
      )
      .addOption(workspaceOption())
      .requiredOption('-n, --nickname <nickname>', 'a name unique in the workspace')
      .addOption(
        new Option('-e, --environment <environment>', 'where to log in')
          .choices(ENVIRONMENTS)
          .default('production'),
      )
      .addOption(
        new Option('-f, --auth-flow <flow>', 'how to log in')
          .choices(AUTH_FLOWS)
          .default('web_server'),
      )
      .option('--login-url <url>', 'the My Domain URL (environment custom)')
      .option('--login-hint <username>', 'pre-fill the Salesforce username')
      .option('--client-id <id>', "the connection's own connected app")
      .option('--client-secret <secret>', "the connection's own app secret"),
  )
    .addOption(jsonOption())
    .action(
      (
        options: Common &
          CredentialOptions & {
            nickname: string;
            environment: Environment;
            authFlow: AuthFlow;
            loginUrl?: string;
            loginHint?: string;
            clientId?: string;
            clientSecret?: string;
          },
      ) =>
        withServices(async (services) => {
          const common = {
            nickname: options.nickname,
            environment: options.environment,
            ...(options.loginUrl ? { loginUrl: options.loginUrl } : {}),
          };
          if (isDirectFlow(options.authFlow)) {
            const connection = await createDirectConnection(
              services.connections,
              options.workspace,
              {
                ...common,
                authFlow: options.authFlow,
                credentials: await readCredentials(options),
                ...(options.clientId
                  ? {
                      app: {
                        clientId: options.clientId,
                        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
                      },
                    }
                  : {}),
              },
            );
            return printResult(connection, options.json ?? false);
          }
          const link = await createConnection(services.connections, options.workspace, {
            ...common,
            ...(options.loginHint ? { loginHint: options.loginHint } : {}),
            ...(options.clientId && options.clientSecret
              ? { app: { clientId: options.clientId, clientSecret: options.clientSecret } }
              : {}),
          });
          printResult(link, options.json ?? false);
        }),
    );
  credentialOptions(
    command
      .command('reauthorize <id>')
      .description(
        'Re-authorize in place: print a link (web_server), or log in again with new credentials (other flows)',
      )
      .addOption(workspaceOption()),
  )
    .addOption(jsonOption())
    .action((id: string, options: Common & CredentialOptions) =>
      withServices(async (services) => {
        const current = await getConnection(services.connections, options.workspace, id);
        const result = isDirectFlow(current.authFlow)
          ? await reauthorizeWithCredentials(
              services.connections,
              options.workspace,
              id,
              await readCredentials(options),
            )
          : await startReauthorization(services.connections, options.workspace, id);
        printResult(result, options.json ?? false);
      }),
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
