import { AppError, ErrorCode, isAppError } from '../errors.ts';
import {
  fetchIdentity,
  resolveLoginBaseUrl,
  salesforceOutcome,
  type SalesforceIdentity,
  type TokenSet,
} from '../salesforce/index.ts';
import { newConnectionRow, type ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { checkNickname, nicknameTaken, type CreateConnectionInput } from './connect-service.ts';
import { applyLifecycle } from './connection-state.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';
import { toConnectionView, type ConnectionView } from './connection-view.ts';
import {
  checkCredentials,
  loginDirect,
  openCredentials,
  refusedLoginMessage,
  sealCredentials,
  type DirectCredentials,
  type DirectFlow,
} from './direct-credentials.ts';

/** Creating a connection with a flow that logs in without a browser. */
export interface CreateDirectConnectionInput extends Omit<CreateConnectionInput, 'app'> {
  authFlow: DirectFlow;
  /** The connection's own app; the JWT bearer flow needs only its consumer key. */
  app?: { clientId: string; clientSecret?: string };
  credentials?: DirectCredentials;
  /** Password flow: the org's password policy period in days (default 90; 0: never expires). */
  passwordExpiryDays?: number;
}

/** Translates a refused login into words for the admin; other failures pass through. */
function explainLoginFailure(flow: DirectFlow, error: unknown): never {
  const outcome = salesforceOutcome(error);
  if (isAppError(error) && outcome?.kind === 'needs_reauth') {
    throw new AppError(
      ErrorCode.SALESFORCE_LOGIN_REFUSED,
      refusedLoginMessage(flow, outcome.reason),
      {
        details: { reason: outcome.reason, flow },
        cause: error,
      },
    );
  }
  throw error;
}

/** Logs in and reads who logged in: the two calls that prove a direct flow works. */
async function loginAndIdentify(
  ctx: ConnectionsContext,
  row: ConnectionRow,
  credentials: DirectCredentials,
): Promise<{ tokens: TokenSet; identity: SalesforceIdentity }> {
  const flow = row.auth_flow as DirectFlow;
  let tokens: TokenSet;
  try {
    tokens = await loginDirect(ctx, row, credentials);
  } catch (error) {
    explainLoginFailure(flow, error);
  }
  try {
    const identity = await fetchIdentity({
      identityUrl: tokens.identityUrl,
      accessToken: tokens.accessToken,
      instanceUrl: tokens.instanceUrl,
      fetch: ctx.fetch,
      allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    });
    return { tokens, identity };
  } catch (error) {
    if (salesforceOutcome(error)?.kind === 'needs_reauth') {
      const reason = error instanceof AppError ? error.details.reason : null;
      throw new AppError(
        ErrorCode.SALESFORCE_LOGIN_REFUSED,
        reason === 'password_expired'
          ? 'Salesforce accepted the login, but the user’s password has expired: log in to Salesforce as this user, set a new password, then submit it with the new security token.'
          : 'Salesforce accepted the login but refused to say who logged in.',
        { details: { reason: typeof reason === 'string' ? reason : null, flow }, cause: error },
      );
    }
    throw error;
  }
}

/** The identity columns a successful login or authorization writes. */
export function identityPatch(tokens: TokenSet, identity: SalesforceIdentity) {
  return {
    org_id: identity.orgId,
    user_id: identity.userId,
    username: identity.username,
    display_name: identity.displayName,
    profile_name: identity.profileName,
    user_type: identity.userType,
    is_sandbox: identity.isSandbox === null ? null : identity.isSandbox ? 1 : 0,
    instance_url: tokens.instanceUrl,
    identity_url: tokens.identityUrl,
    last_refresh_at: tokens.receivedAt,
  };
}

async function insertGrant(
  ctx: ConnectionsContext,
  repos: Repositories,
  connectionId: string,
  clientId: string,
  tokens: TokenSet,
): Promise<string> {
  const grantId = ctx.newId('gr');
  await repos.grants.insert({
    id: grantId,
    connection_id: connectionId,
    client_id: clientId,
    refresh_token_sealed: null,
    access_token_sealed: ctx.vault.seal(tokens.accessToken, sealContext.accessToken(grantId)),
    access_token_issued_at: tokens.receivedAt,
    instance_url: tokens.instanceUrl,
    scopes: tokens.scopes.join(' '),
    issued_at: ctx.now(),
    replaced_at: null,
    revoked_at: null,
  });
  return grantId;
}

/**
 * Creates a connection with the username-password, JWT bearer or client-credentials flow: logs
 * in at once, reads the identity, and stores connection, credentials (sealed) and grant in one
 * transaction, `active` with `connection.created`. A refused login stores nothing and fails with
 * `SALESFORCE_LOGIN_REFUSED` in plain words (for the password flow, that the org may block it).
 * Also `VALIDATION_FAILED` (missing credentials; client credentials away from a My Domain),
 * `NICKNAME_TAKEN`, `LOGIN_URL_INVALID`, `SALESFORCE_UNAVAILABLE`.
 */
export async function createDirectConnection(
  ctx: ConnectionsContext,
  workspaceId: string,
  input: CreateDirectConnectionInput,
): Promise<ConnectionView> {
  const nickname = checkNickname(input.nickname);
  if (input.authFlow === 'client_credentials' && input.environment !== 'custom') {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'the client-credentials flow works only at the org’s My Domain: use environment "custom" with its loginUrl',
      { details: { field: 'environment' } },
    );
  }
  if (input.authFlow !== 'jwt_bearer' && input.app && !input.app.clientSecret) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `the ${input.authFlow} flow needs the app's clientSecret too`,
      { details: { field: 'app.clientSecret' } },
    );
  }
  const credentials = checkCredentials(input.authFlow, input.credentials);
  const loginUrl = resolveLoginBaseUrl(input.environment, input.loginUrl, {
    loginUrl: ctx.config.salesforce.loginUrl,
    sandboxLoginUrl: ctx.config.salesforce.sandboxLoginUrl,
    allowInsecureLoopback: ctx.config.allowInsecureLoopback,
  });
  const id = ctx.newId('conn');
  const now = ctx.now();
  const insertable = newConnectionRow({
    id,
    workspace_id: workspaceId,
    nickname,
    environment: input.environment,
    login_url: loginUrl,
    auth_flow: input.authFlow,
    status: 'pending',
    client_id: input.app?.clientId ?? null,
    client_secret_sealed: input.app?.clientSecret
      ? ctx.vault.seal(input.app.clientSecret, sealContext.clientSecret(id))
      : null,
    credentials_sealed: sealCredentials(ctx, id, credentials),
    password_expiry_days: input.passwordExpiryDays ?? null,
    scopes: '',
    created_at: now,
  });
  const row: ConnectionRow = { ...insertable, version: 1 };
  const { tokens, identity } = await loginAndIdentify(ctx, row, credentials);
  try {
    return await inTransaction(ctx.db, async (repos) => {
      await repos.connections.insert({ ...insertable, ...identityPatch(tokens, identity) });
      const grantId = await insertGrant(
        ctx,
        repos,
        id,
        input.app?.clientId ?? ctx.config.salesforce.clientId ?? '',
        tokens,
      );
      await applyLifecycle(
        ctx,
        repos,
        id,
        { kind: 'authorized' },
        {
          data: { orgId: identity.orgId, userId: identity.userId, username: identity.username },
          patch: { grant_id: grantId, scopes: tokens.scopes.join(' ') },
        },
      );
      const stored = await repos.connections.find(id);
      return toConnectionView(stored!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nicknameTaken(nickname);
    throw error;
  }
}

/**
 * Re-authorizes a direct-flow connection in place with new credentials (a new password and
 * security token; a new private key; or nothing, to retry the stored ones after an admin fixed
 * the org). Same id, settings and state; the new login must land on the same org (else
 * `ORG_MISMATCH`, and the old credentials and grant are kept). `active` at once, with
 * `connection.reauthorized`.
 */
export async function reauthorizeWithCredentials(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  given: DirectCredentials | undefined,
): Promise<ConnectionView> {
  const row = await createRepositories(ctx.db).connections.findInWorkspace(
    workspaceId,
    connectionId,
  );
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  if (row.status === 'disabled')
    throw new AppError(
      ErrorCode.CONNECTION_DISABLED,
      'enable the connection before re-authorizing it',
      {
        details: { connectionId },
      },
    );
  const flow = row.auth_flow as DirectFlow;
  const credentials = checkCredentials(flow, { ...openCredentials(ctx, row), ...given });
  const { tokens, identity } = await loginAndIdentify(ctx, row, credentials);
  if (row.org_id !== null && identity.orgId !== row.org_id) {
    throw new AppError(
      ErrorCode.ORG_MISMATCH,
      `those credentials log in to a different Salesforce org (${identity.orgId}) than this connection's (${row.org_id}); nothing was changed`,
      { details: { connectionId, orgId: identity.orgId } },
    );
  }
  return inTransaction(ctx.db, async (repos) => {
    const fresh = await repos.connections.find(row.id);
    if (!fresh)
      throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
        details: { connectionId },
      });
    if (fresh.grant_id) await repos.grants.retire(fresh.grant_id, ctx.now(), 'replaced');
    const grantId = await insertGrant(
      ctx,
      repos,
      row.id,
      row.client_id ?? ctx.config.salesforce.clientId ?? '',
      tokens,
    );
    await applyLifecycle(
      ctx,
      repos,
      row.id,
      { kind: 'authorized' },
      {
        data: { orgId: identity.orgId, userId: identity.userId, username: identity.username },
        patch: {
          ...identityPatch(tokens, identity),
          grant_id: grantId,
          credentials_sealed: sealCredentials(ctx, row.id, credentials),
          password_changed_at: null,
          password_warned_days: null,
          // A new login (perhaps another user): its permissions are checked afresh.
          permission_checked_at: null,
        },
      },
    );
    return toConnectionView((await repos.connections.find(row.id))!);
  });
}
