import { setTimeout as sleep } from 'node:timers/promises';
import { REASON_TEXT, type StatusReason } from '../domain/connection-status.ts';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import {
  DEFAULT_TIMEOUT_MS,
  refreshAccessToken,
  salesforceOutcome,
  type SalesforceOutcome,
} from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { appCredentialsFor } from './app-credentials.ts';
import { isDirectFlow, loginDirect, openCredentials } from './direct-credentials.ts';
import { withTransientRetries } from './transient-retry.ts';
import { applyLifecycle, lifecycleInputFor } from './connection-state.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';

/** A working access token, as `GET /connections/{id}/access-token` hands it out. */
export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
  issuedAt: string;
}

export interface TokenServiceOptions {
  /** Identifies this process in refresh leases (one per process). */
  holderId: string;
  /**
   * How long a refresh lease lasts (default 120 s). A refresh sends nothing after three quarters
   * of it, so another process takes over only once the holder's last request has been given up
   * and has had time to land.
   */
  leaseMs?: number;
  /** Assumed session timeout until one is learnt (Salesforce's default: 2 hours). */
  defaultSessionLifetimeMs?: number;
  /** Refresh once a token has lived this share of the session lifetime (default 0.9). */
  refreshAtShare?: number;
  /** Extra attempts after a transient refresh failure before degrading (default 2). */
  transientRetries?: number;
  /** First backoff ceiling; doubles per attempt, fully jittered (default 500 ms). */
  retryBaseMs?: number;
  /** Told how each refresh this process asked for ended (for `/metrics`). */
  onRefresh?: (outcome: RefreshOutcome) => void;
}

/**
 * How a refresh ended: `refreshed` (and `rotated`: with a new refresh token), `joined` (another
 * caller or process refreshed first; its token is used), `needs_reauth` (Salesforce refused the
 * grant) or `failed` (no answer, or an error that leaves the grant as it was).
 */
export type RefreshOutcome = 'refreshed' | 'rotated' | 'joined' | 'needs_reauth' | 'failed';

const TWO_HOURS_MS = 2 * 3600 * 1000;
/** Salesforce's shortest session timeout (Session Settings range from 15 minutes to 24 hours). */
const MIN_SESSION_TIMEOUT_MS = 15 * 60_000;
/** Below this, an attempt could not get an answer anyway: not worth sending. */
const MIN_ATTEMPT_MS = 1000;

/** Why a connection gives no token, as an error carrying its status and reason. */
export function unusable(row: ConnectionRow): AppError | null {
  const details = { connectionId: row.id, status: row.status, reason: row.status_reason };
  switch (row.status) {
    case 'disabled':
      return new AppError(
        ErrorCode.CONNECTION_DISABLED,
        'the connection is disabled; enable it to use it again',
        { details },
      );
    case 'pending':
      return new AppError(ErrorCode.REAUTH_REQUIRED, 'the connection has not been authorized yet', {
        details,
      });
    case 'needs_reauth': {
      const why = row.status_reason
        ? REASON_TEXT[row.status_reason as StatusReason]
        : 'Salesforce refused the grant.';
      return new AppError(
        ErrorCode.REAUTH_REQUIRED,
        `the connection needs re-authorization: ${why}`,
        { details },
      );
    }
    default:
      return null;
  }
}

/**
 * Access tokens for connections, refreshed exactly once however many callers ask (DESIGN §6):
 * callers in one process share one in-flight refresh; processes share a database lease; and a
 * refresh only happens if the stored token is still the stale one the caller saw, so a caller
 * that lost the race simply reads the new token. Salesforce sends no `expires_in`: a token is used
 * until `INVALID_SESSION_ID`, and refreshed ahead of the session lifetime learnt from the org.
 */
export class TokenService {
  readonly #ctx: ConnectionsContext;
  readonly #options: Required<TokenServiceOptions>;
  readonly #inflight = new Map<string, Promise<void>>();

  constructor(ctx: ConnectionsContext, options: TokenServiceOptions) {
    this.#ctx = ctx;
    this.#options = {
      leaseMs: 120_000,
      defaultSessionLifetimeMs: TWO_HOURS_MS,
      refreshAtShare: 0.9,
      transientRetries: 2,
      retryBaseMs: 500,
      onRefresh: () => undefined,
      ...options,
    };
  }

  /**
   * A token that works, or an error with the connection's status and reason:
   * `CONNECTION_NOT_FOUND`, `CONNECTION_DISABLED`, `REAUTH_REQUIRED`, `SALESFORCE_UNAVAILABLE`.
   */
  async getAccessToken(workspaceId: string, connectionId: string): Promise<AccessToken> {
    const warm = this.warmAccessToken(workspaceId, connectionId);
    if (warm) return warm;
    const repos = createRepositories(this.#ctx.db);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
      if (!row)
        throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
          details: { connectionId },
        });
      const refusal = unusable(row);
      if (refusal) throw refusal;
      const current = await this.#currentToken(repos, row);
      if (current && !this.#isAging(row, current.receivedAt)) {
        this.#ctx.warmTokens?.set(row.id, {
          workspaceId: row.workspace_id,
          accessToken: current.token,
          instanceUrl: current.instanceUrl,
          receivedAt: current.receivedAt,
          sessionLifetimeMs: row.session_lifetime_ms,
          cachedAt: this.#ctx.now(),
        });
        return {
          accessToken: current.token,
          instanceUrl: current.instanceUrl,
          issuedAt: new Date(current.receivedAt).toISOString(),
        };
      }
      await this.refresh(row.id, current?.token ?? null);
    }
    throw new AppError(
      ErrorCode.SALESFORCE_UNAVAILABLE,
      'could not obtain a fresh access token; try again',
    );
  }

  /**
   * The token {@link getAccessToken} would return, when this process read it from the store
   * moments ago (the warm cache) and it is not aging; undefined otherwise. Synchronous, for the
   * access-token endpoint's hot path.
   */
  warmAccessToken(workspaceId: string, connectionId: string): AccessToken | undefined {
    const warm = this.#ctx.warmTokens?.get(connectionId, this.#ctx.now());
    if (
      !warm ||
      warm.workspaceId !== workspaceId ||
      this.#isAgingAt(warm.sessionLifetimeMs, warm.receivedAt)
    )
      return undefined;
    return {
      accessToken: warm.accessToken,
      instanceUrl: warm.instanceUrl,
      issuedAt: new Date(warm.receivedAt).toISOString(),
    };
  }

  /**
   * Refreshes the connection's access token unless it is no longer `staleAccessToken` (someone
   * refreshed already). Single-flight per connection in this process and, through the lease,
   * across processes. Failures move the connection through its lifecycle and are rethrown.
   */
  async refresh(connectionId: string, staleAccessToken: string | null): Promise<void> {
    this.#ctx.warmTokens?.forget(connectionId);
    const running = this.#inflight.get(connectionId);
    if (running) return running;
    const flight = this.#refreshOnce(connectionId, staleAccessToken).finally(() =>
      this.#inflight.delete(connectionId),
    );
    this.#inflight.set(connectionId, flight);
    return flight;
  }

  /** Records that Salesforce said INVALID_SESSION_ID for this token: learns the lifetime, then refreshes. */
  async reportInvalidSession(connectionId: string, accessToken: string): Promise<void> {
    const repos = createRepositories(this.#ctx.db);
    const row = await repos.connections.find(connectionId);
    if (!row) return;
    const current = await this.#currentToken(repos, row);
    if (current?.token === accessToken) {
      const lived = this.#ctx.now() - current.receivedAt;
      // Only shorten the learnt lifetime, and never below Salesforce's shortest session timeout:
      // a token that died sooner was ended by something else (a revocation, a logout, an admin),
      // which the refresh will tell, and learning from it would refresh far too often.
      if (
        lived >= MIN_SESSION_TIMEOUT_MS &&
        (row.session_lifetime_ms === null || lived < row.session_lifetime_ms)
      ) {
        await repos.connections.update(row.id, row.version, {
          session_lifetime_ms: lived,
          updated_at: this.#ctx.now(),
        });
      }
    }
    await this.refresh(connectionId, accessToken);
  }

  /**
   * Records what Salesforce's answer to an API call made with `accessToken` proves about the
   * grant, such as `INVALID_OPERATION_WITH_EXPIRED_PASSWORD` → `needs_reauth`/`password_expired`.
   * Ignored when the token is no longer the connection's current one: a late answer to an old
   * grant must not break a connection that was re-authorized meanwhile. Returns the events
   * emitted.
   */
  async reportApiOutcome(
    connectionId: string,
    accessToken: string,
    outcome: SalesforceOutcome,
  ): Promise<string[]> {
    const input = lifecycleInputFor(outcome);
    if (!input) return [];
    return inTransaction(this.#ctx.db, async (trx) => {
      const row = await trx.connections.find(connectionId);
      if (!row) return [];
      const current = await this.#currentToken(trx, row);
      if (current?.token !== accessToken) return [];
      return applyLifecycle(this.#ctx, trx, connectionId, input);
    });
  }

  #withTransientRetries<T>(call: () => Promise<T>): Promise<T> {
    // Safe even with rotation: the stored refresh token is the only one orgbridge has, so a
    // later attempt would present the same token anyway.
    return withTransientRetries(call, this.#options.transientRetries, this.#options.retryBaseMs);
  }

  /**
   * The timeout of one refresh attempt: Salesforce's usual bound, cut to what is left before
   * `stopBy`. Throws a transient timeout when too little is left to try at all.
   */
  #attemptTimeout(stopBy: number): number {
    const left = stopBy - this.#ctx.now();
    if (left < MIN_ATTEMPT_MS)
      throw new AppError(
        ErrorCode.SALESFORCE_UNAVAILABLE,
        'Salesforce did not answer the refresh within its lease',
        { details: { kind: 'transient', reason: 'timeout' } },
      );
    return Math.min(DEFAULT_TIMEOUT_MS, left);
  }

  #isAging(row: ConnectionRow, receivedAt: number): boolean {
    return this.#isAgingAt(row.session_lifetime_ms, receivedAt);
  }

  #isAgingAt(sessionLifetimeMs: number | null, receivedAt: number): boolean {
    const lifetime = sessionLifetimeMs ?? this.#options.defaultSessionLifetimeMs;
    return this.#ctx.now() - receivedAt >= lifetime * this.#options.refreshAtShare;
  }

  async #currentToken(
    repos: Repositories,
    row: ConnectionRow,
  ): Promise<{ token: string; receivedAt: number; instanceUrl: string } | null> {
    if (!row.grant_id) return null;
    const grant = await repos.grants.find(row.grant_id);
    if (!grant?.access_token_sealed || grant.access_token_issued_at === null) return null;
    return {
      token: this.#ctx.vault.open(grant.access_token_sealed, sealContext.accessToken(grant.id)),
      receivedAt: grant.access_token_issued_at,
      instanceUrl: grant.instance_url,
    };
  }

  async #refreshOnce(connectionId: string, staleAccessToken: string | null): Promise<void> {
    const repos = createRepositories(this.#ctx.db);
    const { holderId, leaseMs } = this.#options;
    const deadline = this.#ctx.now() + leaseMs * 2;
    for (;;) {
      const now = this.#ctx.now();
      if (await repos.connections.acquireRefreshLease(connectionId, holderId, now, now + leaseMs))
        break;
      // Another process is refreshing: wait for its token instead of refreshing again.
      await sleep(25 + Math.random() * 50);
      const row = await repos.connections.find(connectionId);
      if (!row || unusable(row)) return;
      const current = await this.#currentToken(repos, row);
      if (current && current.token !== staleAccessToken) {
        this.#options.onRefresh('joined');
        return;
      }
      if (this.#ctx.now() > deadline) {
        this.#options.onRefresh('failed');
        throw new AppError(
          ErrorCode.SALESFORCE_UNAVAILABLE,
          'a refresh by another process did not finish in time',
        );
      }
    }
    // With rotation, a refresh token presented twice revokes the grant. A holder still
    // sending when its lease ran out would race the process that takes over with the same
    // token, so every request of this refresh is over (answered or aborted) by `stopBy`.
    const stopBy = this.#ctx.now() + leaseMs * 0.75;
    try {
      const row = await repos.connections.find(connectionId);
      if (!row || unusable(row) || !row.grant_id) return;
      const grant = await repos.grants.find(row.grant_id);
      if (!grant) return;
      const direct = isDirectFlow(row.auth_flow);
      if (!direct && !grant.refresh_token_sealed) {
        throw new AppError(
          ErrorCode.REAUTH_REQUIRED,
          'the connection has no refresh token; re-authorize it',
          {
            details: { connectionId },
          },
        );
      }
      const current = await this.#currentToken(repos, row);
      if (current && current.token !== staleAccessToken) {
        this.#options.onRefresh('joined');
        return;
      }
      let tokens;
      try {
        if (direct) {
          // No refresh token in these flows: log in again with what the connection holds.
          const credentials = openCredentials(this.#ctx, row);
          tokens = await this.#withTransientRetries(() => loginDirect(this.#ctx, row, credentials));
        } else {
          const app = appCredentialsFor(this.#ctx, row);
          const refreshToken = this.#ctx.vault.open(
            grant.refresh_token_sealed!,
            sealContext.refreshToken(grant.id),
          );
          tokens = await this.#withTransientRetries(() =>
            refreshAccessToken({
              baseUrl: row.login_url,
              clientId: app.clientId,
              clientSecret: app.clientSecret,
              refreshToken,
              fetch: this.#ctx.fetch,
              now: this.#ctx.now,
              allowInsecureLoopback: this.#ctx.config.allowInsecureLoopback,
              timeoutMs: this.#attemptTimeout(stopBy),
            }),
          );
        }
      } catch (error) {
        const outcome = salesforceOutcome(error);
        this.#options.onRefresh(outcome?.kind === 'needs_reauth' ? 'needs_reauth' : 'failed');
        const input = lifecycleInputFor(outcome);
        if (input)
          await inTransaction(this.#ctx.db, (trx) =>
            applyLifecycle(this.#ctx, trx, connectionId, input),
          );
        throw error;
      }
      // One transaction, no other await before it: a rotated refresh token is durable before the
      // new access token can be handed to anyone.
      await inTransaction(this.#ctx.db, async (trx) => {
        await trx.grants.storeRefresh(grant.id, {
          accessTokenSealed: this.#ctx.vault.seal(
            tokens.accessToken,
            sealContext.accessToken(grant.id),
          ),
          issuedAt: tokens.receivedAt,
          instanceUrl: tokens.instanceUrl,
          refreshTokenSealed: tokens.refreshToken
            ? this.#ctx.vault.seal(tokens.refreshToken, sealContext.refreshToken(grant.id))
            : null,
        });
        await applyLifecycle(
          this.#ctx,
          trx,
          connectionId,
          { kind: 'succeeded' },
          {
            patch: { instance_url: tokens.instanceUrl, last_refresh_at: tokens.receivedAt },
          },
        );
      });
      this.#options.onRefresh(tokens.refreshToken ? 'rotated' : 'refreshed');
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError(ErrorCode.INTERNAL, 'refresh failed unexpectedly', { cause: error });
    } finally {
      this.#ctx.warmTokens?.forget(connectionId);
      await repos.connections.releaseRefreshLease(connectionId, holderId);
    }
  }
}
