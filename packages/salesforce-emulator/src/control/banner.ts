import type { Emulator } from '../emulator.ts';
import { CONTROL_PREFIX } from '../http/faults.ts';
import { DEMO_APP, DEMO_USERS } from '../seed/demo-credentials.ts';
import type { DemoSeed } from '../seed/demo.ts';
import type { EmulatorServeConfig } from './cli-options.ts';

function credentials(user: { username: string; password: string; securityToken: string }): string {
  return `    ${user.username}  password ${user.password}  security token ${user.securityToken}\n`;
}

/** What the CLI prints at start: URLs, the demo org and its credentials, the control API. */
export function startBanner(
  emulator: Emulator,
  context: { demo: DemoSeed | null; loadedSnapshot: boolean; config: EmulatorServeConfig },
): string {
  const { demo, loadedSnapshot, config } = context;
  let text = `Salesforce emulator listening on ${emulator.baseUrl}\n`;
  text += `  Production login: ${emulator.loginUrl}\n`;
  text += `  Sandbox login:    ${emulator.sandboxLoginUrl}\n`;
  text += `  Pod (every org):  ${emulator.baseUrl}\n`;
  text += `  Control API:      ${emulator.baseUrl}${CONTROL_PREFIX}${config.controlToken ? '  (needs Authorization: Bearer <control token>)' : ''}\n`;
  if (demo) {
    text += `\n${demo.org.name} (${demo.org.id})  My Domain ${emulator.instanceUrl(demo.org)}\n`;
    text += credentials(DEMO_USERS.admin);
    text += credentials(DEMO_USERS.sales);
    text += credentials(DEMO_USERS.integration);
    text += `${demo.sandbox.name} (${demo.sandbox.id})  My Domain ${emulator.instanceUrl(demo.sandbox)}\n`;
    text += credentials(DEMO_USERS.sandboxAdmin);
    text += `Connected app "${DEMO_APP.name}"  consumer key ${DEMO_APP.consumerKey}  consumer secret ${DEMO_APP.consumerSecret}\n`;
    text += `  callback URLs ${DEMO_APP.callbackUrls.join(' ')}\n`;
  } else if (emulator.orgs.size > 0) {
    text += '\nOrgs:\n';
    for (const org of emulator.orgs.values())
      text += `  ${org.name} (${org.id})  My Domain ${emulator.instanceUrl(org)}\n`;
  }
  if (config.snapshotFile !== null) {
    text += `\nSnapshot ${config.snapshotFile}: ${loadedSnapshot ? 'state loaded from it' : 'new'}; saved on exit\n`;
  }
  text += 'Press Ctrl+C to stop.\n';
  return text;
}
