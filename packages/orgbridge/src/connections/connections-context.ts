import type { Kysely } from 'kysely';
import type { Database } from '../store/database.ts';
import type { Vault } from '../vault/vault.ts';
import type { WarmTokenCache } from './warm-token-cache.ts';

/** The part of the configuration the connection services read. */
export interface ConnectionsConfig {
  /** Public base URL; the OAuth callback is `${publicUrl}/oauth/callback`. */
  publicUrl: string;
  salesforce: {
    clientId: string | null;
    clientSecret: string | null;
    loginUrl: string;
    sandboxLoginUrl: string;
  };
  allowInsecureLoopback: boolean;
  /** How long a connect link stays valid (default 10 minutes). */
  connectSessionTtlMs?: number;
  /** Share of the org's daily API requests at which background work pauses (default 90). */
  apiBudgetPercent?: number;
  /** How often each pull mapping runs (default 30 s). */
  syncIntervalMs?: number;
  /** How long a pull run's lease lasts without progress (default 60 s). */
  syncLeaseMs?: number;
}

/**
 * Everything the connection services share: the database, the vault, configuration, and the
 * injectable edges (`fetch` to Salesforce, the clock, id generation) that tests control.
 */
export interface ConnectionsContext {
  db: Kysely<Database>;
  vault: Vault;
  config: ConnectionsConfig;
  fetch: typeof globalThis.fetch;
  now: () => number;
  newId: (prefix: string) => string;
  /** This process's memory of warm access tokens; lifecycle changes drop entries from it. */
  warmTokens?: WarmTokenCache;
}

/** The OAuth callback URL every connect session redirects to. */
export function callbackUrl(config: ConnectionsConfig): string {
  return `${config.publicUrl.replace(/\/+$/, '')}/oauth/callback`;
}

/** Vault contexts: each sealed value is bound to its row and column. */
export const sealContext = {
  refreshToken: (grantId: string) => `connection_grant:${grantId}:refresh_token`,
  accessToken: (grantId: string) => `connection_grant:${grantId}:access_token`,
  clientSecret: (connectionId: string) => `connection:${connectionId}:client_secret`,
  credentials: (connectionId: string) => `connection:${connectionId}:credentials`,
  codeVerifier: (sessionId: string) => `connect_session:${sessionId}:code_verifier`,
};
