/** A decrypted access token kept briefly in memory, with what is needed to judge it. */
export interface WarmToken {
  workspaceId: string;
  accessToken: string;
  instanceUrl: string;
  receivedAt: number;
  /** The session lifetime learnt for the connection (null: the default). */
  sessionLifetimeMs: number | null;
  cachedAt: number;
}

/**
 * Per-process memory of each connection's current access token, so the hot path of
 * `GET /access-token` needs no database read and no decryption. Entries live at most `ttlMs`
 * (a change made by another process — a disable, a refresh — is seen within that time) and are
 * dropped at once by any lifecycle change or refresh in this process.
 */
export class WarmTokenCache {
  readonly #entries = new Map<string, WarmToken>();
  readonly #ttlMs: number;

  constructor(ttlMs = 1000) {
    this.#ttlMs = ttlMs;
  }

  get(connectionId: string, now: number): WarmToken | undefined {
    const entry = this.#entries.get(connectionId);
    if (!entry) return undefined;
    if (now - entry.cachedAt > this.#ttlMs) {
      this.#entries.delete(connectionId);
      return undefined;
    }
    return entry;
  }

  set(connectionId: string, token: WarmToken): void {
    this.#entries.set(connectionId, token);
  }

  forget(connectionId: string): void {
    this.#entries.delete(connectionId);
  }
}
