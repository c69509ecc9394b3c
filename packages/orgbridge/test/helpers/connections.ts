import { after } from 'node:test';
import {
  createConnectedApp,
  createOrg,
  createUser,
  startEmulator,
  type RunningEmulator,
} from '@orgbridge/salesforce-emulator';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { WarmTokenCache } from '../../src/connections/warm-token-cache.ts';
import type { Dialect, Store } from '../../src/store/open-store.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { generateMasterKeyBase64, KeyRing, parseMasterKey, Vault } from '../../src/vault/index.ts';
import { newRandomId } from '../../src/workspaces/workspace-service.ts';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';
import { openTestStore } from './databases.ts';

export const PUBLIC_URL = 'http://127.0.0.1:39999';
export const CALLBACK_URL = `${PUBLIC_URL}/oauth/callback`;

/** One emulator for a test file, closed when the file ends. */
export async function useSalesforce(): Promise<RunningEmulator> {
  const running = await startEmulator();
  after(() => running.close());
  return running;
}

/** An org with an admin user and a connected app whose callback is orgbridge's. */
export function seedOrg(
  running: RunningEmulator,
  options: { name?: string; sandbox?: boolean; rotate?: boolean } = {},
) {
  const org = createOrg(running.emulator, {
    name: options.name ?? 'Acme',
    sandbox: options.sandbox ?? false,
  });
  const tag = Math.random().toString(36).slice(2, 8);
  const admin = createUser(running.emulator, org.id, {
    username: `admin.${tag}@${org.myDomain}.example${options.sandbox ? '.dev' : ''}`,
    profile: 'System Administrator',
  });
  const app = createConnectedApp(running.emulator, {
    name: 'orgbridge test',
    callbackUrls: [CALLBACK_URL],
    rotateRefreshTokens: options.rotate ?? false,
  });
  return {
    org,
    admin,
    app,
    instanceUrl: running.emulator.instanceUrl(running.emulator.requireOrg(org.id)),
  };
}

/** A connections context on a fresh store of the dialect, pointed at the emulator. */
export async function openConnectionsContext(
  dialect: Dialect,
  running: RunningEmulator,
  app: { consumerKey: string; consumerSecret: string },
): Promise<{ ctx: ConnectionsContext; store: Store; workspaceId: string }> {
  const store = await openTestStore(dialect);
  const workspaceId = newRandomId('ws');
  await new WorkspaceRepository(store.db).insert({
    id: workspaceId,
    name: 'Test',
    created_at: Date.now(),
  });
  const ctx: ConnectionsContext = {
    db: store.db,
    vault: new Vault(new KeyRing(parseMasterKey(generateMasterKeyBase64()))),
    config: {
      publicUrl: PUBLIC_URL,
      salesforce: {
        clientId: app.consumerKey,
        clientSecret: app.consumerSecret,
        loginUrl: running.loginUrl,
        sandboxLoginUrl: running.sandboxLoginUrl,
      },
      allowInsecureLoopback: true,
    },
    fetch: globalThis.fetch,
    now: Date.now,
    newId: newRandomId,
    warmTokens: new WarmTokenCache(),
  };
  return { ctx, store, workspaceId };
}

/** Walks Salesforce's login and Allow pages like a person and returns the callback's parameters. */
export async function authorizeAs(
  authorizeUrl: string,
  user: { username: string; password: string },
): Promise<URLSearchParams> {
  const redirect = await new ScriptedBrowser().authorize(
    authorizeUrl,
    user.username,
    user.password,
  );
  return redirect.searchParams;
}
