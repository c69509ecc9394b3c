import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, type OrgbridgeConfig } from '../config.ts';
import { createConnection, startReauthorization } from '../connections/connect-service.ts';
import { isAppError } from '../errors.ts';
import { ROLES, startOrgbridge, type Role, type RunningOrgbridge } from '../main.ts';
import { parseDatabaseUrl } from '../store/open-store.ts';
import { PageLinks } from '../workspaces/page-links.ts';
import { startDemoSalesforce, type DemoSalesforce } from './demo-salesforce.ts';

const DEMO_WORKSPACE = 'Demo workspace';
const DEMO_CONNECTION = 'Demo org';

/** The directory of the embedded database, where the demo keeps the emulator's state too. */
function dataDirOf(config: Readonly<OrgbridgeConfig>): string {
  const target = parseDatabaseUrl(config.databaseUrl);
  return target.dialect === 'sqlite' && target.path !== ':memory:'
    ? dirname(resolve(target.path))
    : resolve('data');
}

/** A demo workspace with a fresh key, and a link that connects (or re-connects) the demo org. */
async function prepareDemo(running: RunningOrgbridge, demo: DemoSalesforce): Promise<string> {
  const { services } = running;
  const existing = (await services.workspaces.list()).find((w) => w.name === DEMO_WORKSPACE);
  const workspace = existing ?? (await services.workspaces.create(DEMO_WORKSPACE)).workspace;
  const apiKey = await services.workspaces.issueKey(workspace.id);
  const connection = (await services.repos.connections.listForWorkspace(workspace.id)).find(
    (c) => c.nickname === DEMO_CONNECTION,
  );
  let link: string | null = null;
  if (!connection) {
    link = (
      await createConnection(services.connections, workspace.id, {
        nickname: DEMO_CONNECTION,
        environment: 'production',
        loginHint: demo.admin.username,
      })
    ).authorizeUrl;
  } else if (connection.status !== 'active') {
    link = (await startReauthorization(services.connections, workspace.id, connection.id))
      .authorizeUrl;
  }
  // A day-long link to the page, signed in to the demo workspace: what a host app would hand out.
  const page = await new PageLinks(services.connections.vault).sign(
    { workspaceId: workspace.id, connectionId: null },
    86_400,
  );
  return [
    '',
    'Demo mode: no Salesforce app is configured, so orgbridge is connected to a built-in emulated Salesforce.',
    `  Emulated Salesforce:  ${demo.served.running.baseUrl} (login: ${demo.admin.username} / ${demo.admin.password})`,
    `  Workspace:            ${workspace.name} (${workspace.id})`,
    `  Workspace API key:    ${apiKey}`,
    `  Connections page:     ${running.url}/#link=${page.token}`,
    link
      ? `  Connect the demo org: ${link}`
      : `  The demo org is connected: curl -H "Authorization: Bearer ${apiKey}" ${running.url}/api/v1/connections`,
    '',
    'Set ORGBRIDGE_SALESFORCE_CLIENT_ID and ORGBRIDGE_SALESFORCE_CLIENT_SECRET to use real Salesforce instead.',
    '',
  ].join('\n');
}

/**
 * `orgbridge serve`: the service. With a Salesforce app configured it talks to the configured
 * login hosts; without one it starts in demo mode against the built-in emulated org.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'Run the orgbridge service (HTTP API, OAuth callback); demo mode when no Salesforce app is configured',
    )
    .option(
      '--emulator-port <port>',
      'port of the built-in emulated Salesforce in demo mode',
      '8400',
    )
    .addOption(
      new Option(
        '--role <role>',
        'api: HTTP API only; worker: background work only (probes, sync, webhooks, email); all: both',
      )
        .choices(ROLES)
        .default('all'),
    )
    .action(async (options: { emulatorPort: string; role: Role }) => {
      const print = (text: string) => process.stdout.write(text);
      let demo: DemoSalesforce | null = null;
      let running: RunningOrgbridge;
      try {
        let config = loadConfig();
        if (config.salesforce.clientId === null) {
          demo = await startDemoSalesforce(config, dataDirOf(config), {
            port: Number(options.emulatorPort),
          });
          config = demo.config;
        }
        running = await startOrgbridge(config, { role: options.role });
        print(`orgbridge listening on ${running.url} (role: ${options.role})\n`);
        if (options.role !== 'worker')
          print(
            `  API:      ${running.url}/api/v1 (OpenAPI: ${running.url}/api/v1/openapi.json)\n` +
              `  Page:     ${running.url}/ (a workspace API key, or a link from POST /api/v1/page-links)\n`,
          );
        print(`  Database: ${config.databaseUrl}\n`);
        if (running.services.masterKeyCreated)
          print(
            `  Created a master key at ${config.masterKeyFile}: back it up with the database.\n`,
          );
        if (demo) print(await prepareDemo(running, demo));
      } catch (error) {
        await demo?.stop();
        process.stderr.write(`orgbridge: ${isAppError(error) ? error.message : String(error)}\n`);
        process.exitCode = 1;
        return;
      }
      const stop = async () => {
        await running.close();
        await demo?.stop();
      };
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    });
}
