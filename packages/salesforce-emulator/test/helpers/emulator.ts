import { after } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/index.ts';

/**
 * Starts an emulator on 127.0.0.1:0 for one test file and closes it when the file ends.
 * Returns the running emulator; tests create orgs, users and apps through `emulator`.
 */
export async function useEmulator(): Promise<RunningEmulator> {
  const running = await startEmulator();
  after(() => running.close());
  return running;
}

/** An org with an admin, a standard user, an API-only integration user and a connected app. */
export function seedBasicOrg(
  running: RunningEmulator,
  options: { sandbox?: boolean; name?: string } = {},
) {
  const { emulator } = running;
  const org = emulator.createOrg({
    name: options.name ?? 'Acme',
    sandbox: options.sandbox ?? false,
  });
  const suffix = `${org.myDomain}.${Math.random().toString(36).slice(2, 8)}`;
  const admin = emulator.createUser(org.id, {
    username: `admin@${suffix}.example`,
    profile: 'System Administrator',
    firstName: 'Ada',
    lastName: 'Admin',
  });
  const standard = emulator.createUser(org.id, {
    username: `sam@${suffix}.example`,
    profile: 'Standard User',
    firstName: 'Sam',
    lastName: 'Standard',
  });
  const integration = emulator.createUser(org.id, {
    username: `integration@${suffix}.example`,
    profile: 'Minimum Access - API Only Integrations',
    lastName: 'Integration',
  });
  const app = emulator.createApp({
    name: 'Test App',
    callbackUrls: ['http://127.0.0.1:9999/oauth/callback'],
  });
  return { org, admin, standard, integration, app, instanceUrl: emulator.instanceUrl(org) };
}
