import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { OrgbridgeConfig } from './config.ts';
import type { ConnectionsContext } from './connections/connections-context.ts';
import { TokenService } from './connections/token-service.ts';
import { OrgbridgeMetrics } from './metrics/metrics.ts';
import { WarmTokenCache } from './connections/warm-token-cache.ts';
import { createRepositories, type Repositories } from './store/repositories.ts';
import { openStore, type Store } from './store/open-store.ts';
import { sealContext } from './connections/connections-context.ts';
import {
  KeyRing,
  loadOrCreateKeyFile,
  parseMasterKey,
  readKeyRingFromFiles,
  Vault,
} from './vault/index.ts';
import { newRandomId, WorkspaceService } from './workspaces/workspace-service.ts';

/**
 * The long-lived objects of one orgbridge process, built once from the configuration and shared
 * by the HTTP API, the CLI and background work. `close()` releases the database.
 */
export interface Services {
  config: Readonly<OrgbridgeConfig>;
  store: Store;
  repos: Repositories;
  vault: Vault;
  workspaces: WorkspaceService;
  connections: ConnectionsContext;
  tokens: TokenService;
  /** This process's Prometheus metrics (`GET /metrics`). */
  metrics: OrgbridgeMetrics;
  /** True when the key file was created by this start (the operator should back it up). */
  masterKeyCreated: boolean;
  close(): Promise<void>;
}

/**
 * The vault's keys: from the environment (current plus `ORGBRIDGE_PREVIOUS_MASTER_KEYS`), or from
 * the key file and its retired keys, re-read when another process rotates them.
 */
export async function openVault(
  config: Readonly<OrgbridgeConfig>,
): Promise<{ vault: Vault; created: boolean }> {
  if (config.masterKey !== null) {
    const previous = config.previousMasterKeys.map((k) =>
      parseMasterKey(k, 'ORGBRIDGE_PREVIOUS_MASTER_KEYS'),
    );
    const current = parseMasterKey(config.masterKey, 'ORGBRIDGE_MASTER_KEY');
    return { vault: new Vault(new KeyRing(current, previous)), created: false };
  }
  const file = config.masterKeyFile!;
  const { created } = await loadOrCreateKeyFile(file);
  return {
    vault: new Vault(readKeyRingFromFiles(file), { reload: () => readKeyRingFromFiles(file) }),
    created,
  };
}

/**
 * Checks the master key against a few stored secrets before serving anything: with the wrong
 * key every secret is unreadable, and starting anyway would break every connection at once.
 */
async function verifyVault(vault: Vault, repos: Repositories): Promise<void> {
  const refresh = await repos.grants.sampleSealedRefreshTokens(5);
  const access = await repos.grants.sampleSealedAccessTokens(5);
  vault.verify([
    ...refresh.map((s) => ({ sealed: s.sealed, context: sealContext.refreshToken(s.id) })),
    ...access.map((s) => ({ sealed: s.sealed, context: sealContext.accessToken(s.id) })),
  ]);
}

/** Opens the store, loads and verifies the master key, and builds the services. */
export async function createServices(
  config: Readonly<OrgbridgeConfig>,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): Promise<Services> {
  const store = await openStore(config.databaseUrl);
  try {
    const { vault, created } = await openVault(config);
    const repos = createRepositories(store.db);
    await verifyVault(vault, repos);
    const connections: ConnectionsContext = {
      db: store.db,
      vault,
      config: {
        publicUrl: config.publicUrl,
        salesforce: config.salesforce,
        allowInsecureLoopback: config.allowInsecureLoopback,
        apiBudgetPercent: config.apiBudgetPercent,
        ...(config.syncIntervalMs > 0 ? { syncIntervalMs: config.syncIntervalMs } : {}),
        syncLeaseMs: config.syncLeaseMs,
      },
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? Date.now,
      newId: newRandomId,
      warmTokens: new WarmTokenCache(),
    };
    const holderId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const metrics = new OrgbridgeMetrics(store.db, connections.now);
    return {
      config,
      store,
      repos,
      vault,
      workspaces: new WorkspaceService({ workspaces: repos.workspaces, apiKeys: repos.apiKeys }),
      connections,
      tokens: new TokenService(connections, {
        holderId,
        leaseMs: config.refreshLeaseMs,
        onRefresh: (outcome) => metrics.recordRefresh(outcome),
      }),
      metrics,
      masterKeyCreated: created,
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
