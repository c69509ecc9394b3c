import { nextState } from '../domain/lifecycle.ts';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import {
  exchangeCode,
  fetchIdentity,
  parseAuthorizationCallback,
  revokeToken,
  type TokenSet,
} from '../salesforce/index.ts';
import type { ConnectSessionRow } from '../store/connect-session-repository.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction } from '../store/repositories.ts';
import { appCredentialsFor } from './app-credentials.ts';
import { markDisplacedApprovals } from './approval-limit.ts';
import { hashState } from './connect-service.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';
import { appendEvents } from './event-log.ts';
import { applyLifecycle, stateOf } from './connection-state.ts';
import { toConnectionView, type ConnectionView } from './connection-view.ts';
import { identityPatch } from './direct-connect.ts';

/**
 * How a trip to Salesforce ended, for the callback page and the caller; `returnTo` is where the
 * connect session asked to send the browser afterwards (a path on the public URL, such as the
 * connections page), absent or null for the callback's own result page.
 */
export type AuthorizationOutcome = { returnTo?: string | null } & (
  | {
      ok: true;
      purpose: 'connect' | 'reauthorize';
      connection: ConnectionView;
      displaced: string[];
    }
  | {
      ok: false;
      code: string;
      message: string;
      connection: ConnectionView | null;
      /** Salesforce's refusal classified (`user_inactive`, `app_not_approved`, …), when it refused. */
      reason?: string | null;
      /** Salesforce's own description of the refusal, scrubbed of secrets and bounded. */
      salesforceMessage?: string | null;
    }
);

/** A trip to Salesforce that did not connect, for the page to explain. */
export type AuthorizationFailure = Extract<AuthorizationOutcome, { ok: false }>;

const fail = (
  code: string,
  message: string,
  connection: ConnectionRow | null = null,
): AuthorizationFailure => ({
  ok: false,
  code,
  message,
  connection: connection ? toConnectionView(connection) : null,
});

/** A failure from an AppError, keeping Salesforce's classified reason and words for the page. */
const failWith = (
  error: AppError,
  message: string,
  connection: ConnectionRow | null,
): AuthorizationFailure => {
  const { reason, description } = error.details;
  return {
    ...fail(error.code, message, connection),
    reason: typeof reason === 'string' ? reason : null,
    salesforceMessage: typeof description === 'string' ? description : null,
  };
};

/**
 * Completes the web-server flow at `GET /oauth/callback`: checks the single-use state, exchanges
 * the code (verifying Salesforce's signature), reads the identity, and stores the new grant and
 * identity in one transaction with the lifecycle change and its events. Re-authorization keeps
 * the connection (id, nickname, settings) and must land on the same org: another org is refused
 * with `ORG_MISMATCH`, its new token revoked, and the old grant kept. The replaced grant is then
 * revoked at Salesforce (freeing one of the user's five approvals). Never throws for anything the
 * browser brought; every failure is an outcome the page can explain, and leaves nothing half-made.
 */
export async function completeAuthorization(
  ctx: ConnectionsContext,
  params: URLSearchParams,
): Promise<AuthorizationOutcome> {
  const state = params.get('state') ?? '';
  if (state === '')
    return fail(
      'CONNECT_SESSION_UNKNOWN',
      'This link has no connect session. Start again from your application.',
    );
  const repos = createRepositories(ctx.db);
  const stateHash = hashState(state);
  const now = ctx.now();
  const session = await repos.connectSessions.consume(stateHash, now);
  if (!session) {
    const known = await repos.connectSessions.findByStateHash(stateHash);
    if (!known)
      return fail(
        'CONNECT_SESSION_UNKNOWN',
        'This connect link is not known. Start again from your application.',
      );
    const row = (await repos.connections.find(known.connection_id)) ?? null;
    const failure =
      known.used_at !== null
        ? fail(
            'CONNECT_SESSION_USED',
            'This connect link was already used. Start again to connect once more.',
            row,
          )
        : fail(
            'CONNECT_SESSION_EXPIRED',
            'This connect link expired (they last 10 minutes). Start again.',
            row,
          );
    return { ...failure, returnTo: known.return_to };
  }
  return { ...(await completeSession(ctx, params, session, now)), returnTo: session.return_to };
}

/** The rest of {@link completeAuthorization}, once the connect session is consumed. */
async function completeSession(
  ctx: ConnectionsContext,
  params: URLSearchParams,
  session: ConnectSessionRow,
  now: number,
): Promise<AuthorizationOutcome> {
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.find(session.connection_id);
  if (!row)
    return fail('CONNECTION_NOT_FOUND', 'The connection was deleted while you were at Salesforce.');
  const purpose = session.purpose === 'reauthorize' ? 'reauthorize' : 'connect';

  let tokens: TokenSet;
  let app;
  try {
    const callback = parseAuthorizationCallback(params);
    app = appCredentialsFor(ctx, row);
    tokens = await exchangeCode({
      baseUrl: session.login_url,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: session.redirect_uri,
      code: callback.code,
      codeVerifier: ctx.vault.open(
        session.code_verifier_sealed,
        sealContext.codeVerifier(session.id),
      ),
      fetch: ctx.fetch,
      now: ctx.now,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    });
  } catch (error) {
    if (isAppError(error)) return failWith(error, error.message, row);
    throw error;
  }

  const revokeNew = () =>
    revokeToken({
      baseUrl: session.login_url,
      token: tokens.refreshToken ?? tokens.accessToken,
      fetch: ctx.fetch,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    }).catch(() => undefined);

  let identity;
  try {
    identity = await fetchIdentity({
      identityUrl: tokens.identityUrl,
      accessToken: tokens.accessToken,
      instanceUrl: tokens.instanceUrl,
      fetch: ctx.fetch,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    });
  } catch (error) {
    await revokeNew();
    if (isAppError(error))
      return failWith(error, `Connected, but reading who you are failed: ${error.message}`, row);
    throw error;
  }

  if (row.org_id !== null && identity.orgId !== row.org_id) {
    await revokeNew();
    // A connection that already needs re-authorization still does, now because of the wrong org;
    // a working one keeps working with its old grant.
    if (row.status === 'needs_reauth') {
      await inTransaction(ctx.db, (trx) =>
        applyLifecycle(ctx, trx, row.id, { kind: 'credential_invalid', reason: 'org_mismatch' }),
      );
    }
    const after = (await repos.connections.find(row.id)) ?? row;
    return fail(
      ErrorCode.ORG_MISMATCH,
      `You signed in to a different Salesforce org (${identity.orgId}) than this connection's (${row.org_id}). Nothing was changed; sign in as a user of the original org.`,
      after,
    );
  }

  const oldGrant = row.grant_id ? await repos.grants.find(row.grant_id) : undefined;
  const oldRefreshToken = oldGrant?.refresh_token_sealed
    ? ctx.vault.open(oldGrant.refresh_token_sealed, sealContext.refreshToken(oldGrant.id))
    : null;
  const grantId = ctx.newId('gr');
  const outcome = nextState(stateOf(row), { kind: 'authorized' });
  const committed = await inTransaction(ctx.db, async (trx) => {
    const fresh = await trx.connections.find(row.id);
    if (!fresh) return false;
    await trx.grants.insert({
      id: grantId,
      connection_id: row.id,
      client_id: app.clientId,
      refresh_token_sealed: tokens.refreshToken
        ? ctx.vault.seal(tokens.refreshToken, sealContext.refreshToken(grantId))
        : null,
      access_token_sealed: ctx.vault.seal(tokens.accessToken, sealContext.accessToken(grantId)),
      access_token_issued_at: tokens.receivedAt,
      instance_url: tokens.instanceUrl,
      scopes: tokens.scopes.join(' '),
      issued_at: now,
      replaced_at: null,
      revoked_at: null,
    });
    if (oldGrant) await trx.grants.retire(oldGrant.id, now, 'replaced');
    const updated = await trx.connections.update(row.id, fresh.version, {
      grant_id: grantId,
      status: fresh.status === 'disabled' ? 'disabled' : outcome.state.status,
      status_reason: fresh.status === 'disabled' ? fresh.status_reason : outcome.state.reason,
      status_detail: null,
      ...identityPatch(tokens, identity),
      last_refresh_at: now,
      // A new grant (perhaps another user): its permissions are checked afresh.
      permission_checked_at: null,
      updated_at: now,
    });
    if (!updated)
      throw new AppError(
        ErrorCode.CONFLICT,
        'the connection changed during authorization; try again',
      );
    // Pulls that waited for the new grant catch up at once from their cursors.
    await trx.sync.wakeConnection(row.id);
    await appendEvents(trx, {
      types: fresh.status === 'disabled' ? ['connection.reauthorized'] : outcome.events,
      workspaceId: row.workspace_id,
      connectionId: row.id,
      data: {
        status: outcome.state.status,
        orgId: identity.orgId,
        userId: identity.userId,
        username: identity.username,
      },
      now,
      newId: ctx.newId,
    });
    return true;
  });
  // The replaced grant's tokens die with its revocation below; never hand them out again.
  ctx.warmTokens?.forget(row.id);
  if (!committed) {
    await revokeNew();
    return fail('CONNECTION_NOT_FOUND', 'The connection was deleted while you were at Salesforce.');
  }
  if (oldRefreshToken) {
    // The replaced approval would otherwise count towards the user's five until it expires.
    await revokeToken({
      baseUrl: row.login_url,
      token: oldRefreshToken,
      fetch: ctx.fetch,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    }).catch(() => undefined);
  }
  const displaced = await inTransaction(ctx.db, (trx) =>
    markDisplacedApprovals(ctx, trx, {
      orgId: identity.orgId,
      userId: identity.userId,
      clientId: app.clientId,
      newConnectionId: row.id,
      newNickname: row.nickname,
    }),
  );
  const final = (await repos.connections.find(row.id)) ?? row;
  return { ok: true, purpose, connection: toConnectionView(final), displaced };
}
