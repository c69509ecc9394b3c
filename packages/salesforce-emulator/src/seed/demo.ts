import type { CreatedUser, Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { Org } from '../model/org.ts';
import { createPermissionSet } from '../control/permission-sets.ts';
import {
  DEMO_APP,
  DEMO_ORG,
  DEMO_PERMISSION_SET,
  DEMO_SANDBOX,
  DEMO_USERS,
} from './demo-credentials.ts';
import { seedSampleRecords } from './demo-records.ts';

/** What {@link seedDemo} made. */
export interface DemoSeed {
  org: Org;
  sandbox: Org;
  app: ConnectedApp;
  users: {
    admin: CreatedUser;
    sales: CreatedUser;
    integration: CreatedUser;
    sandboxAdmin: CreatedUser;
  };
  /** Sample records written to the demo org and the sandbox. */
  records: { org: number; sandbox: number };
}

function grantIntegrationAccess(emulator: Emulator, org: Org): void {
  createPermissionSet(emulator, org.id, {
    name: DEMO_PERMISSION_SET.name,
    label: DEMO_PERMISSION_SET.label,
    description: 'What orgbridge needs to read and write the synced objects',
    userPermissions: ['ViewSetup'],
    objectPermissions: Object.fromEntries(
      DEMO_PERMISSION_SET.objects.map((o) => [o, { read: true, create: true, edit: true }]),
    ),
  });
}

/**
 * Seeds the demo: "Demo Org" (My Domain `orgbridge-demo`) with an admin, a sales user, an
 * API-only integration user (with the "orgbridge Integration" permission set) and a few hundred
 * sample records; the sandbox "Demo Sandbox" (`orgbridge-demo--dev`) with its admin and a little
 * data; and the connected app "orgbridge demo" with a fixed consumer key and secret, whose
 * client-credentials run-as user in the demo org is the integration user. Every name and
 * credential is fixed (see `demo-credentials.ts` and docs/emulator.md); on a fresh emulator the
 * record ids are the same on every run.
 */
export function seedDemo(emulator: Emulator): DemoSeed {
  const org = emulator.createOrg({ name: DEMO_ORG.name, myDomain: DEMO_ORG.myDomain });
  const admin = emulator.createUser(org.id, DEMO_USERS.admin);
  const sales = emulator.createUser(org.id, DEMO_USERS.sales);
  grantIntegrationAccess(emulator, org);
  const integration = emulator.createUser(org.id, {
    ...DEMO_USERS.integration,
    permissionSets: [DEMO_PERMISSION_SET.name],
  });
  const orgRecords = seedSampleRecords(emulator, org, [admin.id, sales.id], {
    accounts: 60,
    contactsPerAccount: 2,
    leads: 50,
    campaigns: 6,
    opportunities: 60,
    tasks: 60,
  });

  const sandbox = emulator.createOrg({
    name: DEMO_SANDBOX.name,
    sandbox: true,
    sandboxName: DEMO_SANDBOX.sandboxName,
  });
  const sandboxAdmin = emulator.createUser(sandbox.id, DEMO_USERS.sandboxAdmin);
  grantIntegrationAccess(emulator, sandbox);
  const sandboxRecords = seedSampleRecords(emulator, sandbox, [sandboxAdmin.id], {
    accounts: 12,
    contactsPerAccount: 2,
    leads: 10,
    campaigns: 2,
    opportunities: 12,
    tasks: 12,
  });

  const app = emulator.createApp({
    name: DEMO_APP.name,
    consumerKey: DEMO_APP.consumerKey,
    consumerSecret: DEMO_APP.consumerSecret,
    callbackUrls: [...DEMO_APP.callbackUrls],
    scopes: [...DEMO_APP.scopes],
  });
  app.clientCredentialsUser[org.id] = integration.id;
  return {
    org,
    sandbox,
    app,
    users: { admin, sales, integration, sandboxAdmin },
    records: { org: orgRecords, sandbox: sandboxRecords },
  };
}
