import { createHash } from 'node:crypto';
import { DEFAULT_SCOPES, type Environment } from '../domain/environment.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { createAuthorization, resolveLoginBaseUrl } from '../salesforce/index.ts';
import { newConnectionRow, type ConnectionRow } from '../store/connection-repository.ts';
import { inTransaction, type Repositories } from '../store/repositories.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { appCredentialsFor, defaultApp } from './app-credentials.ts';
import { callbackUrl, sealContext, type ConnectionsContext } from './connections-context.ts';
import { toConnectionView, type ConnectionView } from './connection-view.ts';

/** What creating a connection takes (the web-server flow; other flows arrive with issue 4). */
export interface CreateConnectionInput {
  nickname: string;
  environment: Environment;
  /** The My Domain URL, for `custom`. */
  loginUrl?: string;
  /** The connection's own connected app instead of the default. */
  app?: { clientId: string; clientSecret: string };
  scopes?: string[];
  /** Pre-fills the username on Salesforce's login page, and lets orgbridge warn about approvals. */
  loginHint?: string;
  /** A path on orgbridge's public URL to return the browser to after the callback (the page). */
  returnTo?: string;
}

/** A warning about what authorizing will do, raised before anyone is sent to Salesforce. */
export interface ConnectWarning {
  code: 'APPROVAL_LIMIT_REACHED';
  message: string;
}

export interface ConnectLink {
  connection: ConnectionView;
  /** Where to send the admin's browser. Valid for the connect session's lifetime. */
  authorizeUrl: string;
  expiresAt: string;
  warnings: ConnectWarning[];
}

const TEN_MINUTES_MS = 10 * 60 * 1000;
/** Salesforce lets one user hold this many approvals (refresh tokens) of one app. */
export const APPROVALS_PER_USER_PER_APP = 5;

export const hashState = (state: string): string =>
  createHash('sha256').update(state).digest('hex');

/** `NICKNAME_TAKEN`: what a unique violation on insert means for a connection. */
export function nicknameTaken(nickname: string): AppError {
  return new AppError(
    ErrorCode.NICKNAME_TAKEN,
    `a connection named "${nickname}" already exists in this workspace`,
    { details: { nickname } },
  );
}

export function checkNickname(nickname: string): string {
  const trimmed = nickname.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'nickname must be 1 to 100 characters');
  }
  return trimmed;
}

/**
 * Starts the OAuth web-server flow for a connection: a single-use connect session (the `state`
 * is stored only as a hash, the PKCE verifier only sealed) and the authorize URL.
 */
async function openConnectSession(
  ctx: ConnectionsContext,
  repos: Repositories,
  row: ConnectionRow,
  purpose: 'connect' | 'reauthorize',
  loginHint: string | undefined,
  returnTo: string | undefined,
): Promise<{ authorizeUrl: string; expiresAt: number }> {
  const app = appCredentialsFor(ctx, row);
  const redirectUri = callbackUrl(ctx.config);
  const authorization = await createAuthorization({
    baseUrl: row.login_url,
    clientId: app.clientId,
    redirectUri,
    scopes: row.scopes.split(' '),
    allowInsecureLoopback: ctx.config.allowInsecureLoopback,
    ...(loginHint ? { loginHint } : {}),
  });
  const now = ctx.now();
  const id = ctx.newId('cs');
  const expiresAt = now + (ctx.config.connectSessionTtlMs ?? TEN_MINUTES_MS);
  await repos.connectSessions.insert({
    id,
    state_hash: hashState(authorization.state),
    workspace_id: row.workspace_id,
    connection_id: row.id,
    purpose,
    code_verifier_sealed: ctx.vault.seal(authorization.codeVerifier, sealContext.codeVerifier(id)),
    login_url: row.login_url,
    redirect_uri: redirectUri,
    created_at: now,
    expires_at: expiresAt,
    used_at: null,
    return_to: returnTo ?? null,
  });
  return { authorizeUrl: authorization.url, expiresAt };
}

/**
 * Warns when the hinted user already holds five approvals of this app through orgbridge: one more
 * makes Salesforce revoke the least recently used. Connections of other workspaces are counted
 * but never named.
 */
async function approvalWarnings(
  repos: Repositories,
  workspaceId: string,
  clientId: string,
  loginHint: string | undefined,
): Promise<ConnectWarning[]> {
  if (!loginHint) return [];
  const holders = (await repos.connections.listByUsername(loginHint)).filter(
    (c) => (c.status === 'active' || c.status === 'degraded') && c.effective_client_id === clientId,
  );
  if (holders.length < APPROVALS_PER_USER_PER_APP) return [];
  const ownNames = holders.filter((c) => c.workspace_id === workspaceId).map((c) => c.nickname);
  return [
    {
      code: 'APPROVAL_LIMIT_REACHED',
      message:
        `${loginHint} already holds ${holders.length} approvals of this connected app through orgbridge` +
        (ownNames.length > 0 ? ` (in this workspace: ${ownNames.join(', ')})` : '') +
        `. Salesforce keeps ${APPROVALS_PER_USER_PER_APP}: authorizing again revokes the least recently used one. ` +
        'Use a dedicated integration user, or another app, for this connection.',
    },
  ];
}

/**
 * Creates a connection in `pending` and returns the link that sends the admin to Salesforce.
 * Fails with `NICKNAME_TAKEN`, `VALIDATION_FAILED` (no app configured, bad nickname) or
 * `LOGIN_URL_INVALID`.
 */
export async function createConnection(
  ctx: ConnectionsContext,
  workspaceId: string,
  input: CreateConnectionInput,
): Promise<ConnectLink> {
  const nickname = checkNickname(input.nickname);
  const loginUrl = resolveLoginBaseUrl(input.environment, input.loginUrl, {
    loginUrl: ctx.config.salesforce.loginUrl,
    sandboxLoginUrl: ctx.config.salesforce.sandboxLoginUrl,
    allowInsecureLoopback: ctx.config.allowInsecureLoopback,
  });
  const clientId = input.app?.clientId ?? defaultApp(ctx).clientId;
  const id = ctx.newId('conn');
  const now = ctx.now();
  const insertable = newConnectionRow({
    id,
    workspace_id: workspaceId,
    nickname,
    environment: input.environment,
    login_url: loginUrl,
    auth_flow: 'web_server',
    status: 'pending',
    client_id: input.app?.clientId ?? null,
    client_secret_sealed: input.app
      ? ctx.vault.seal(input.app.clientSecret, sealContext.clientSecret(id))
      : null,
    scopes: (input.scopes ?? [...DEFAULT_SCOPES]).join(' '),
    created_at: now,
  });
  const row: ConnectionRow = { ...insertable, version: 1 };
  try {
    return await inTransaction(ctx.db, async (repos) => {
      const warnings = await approvalWarnings(repos, workspaceId, clientId, input.loginHint);
      await repos.connections.insert(insertable);
      const link = await openConnectSession(
        ctx,
        repos,
        row,
        'connect',
        input.loginHint,
        input.returnTo,
      );
      return {
        connection: toConnectionView(row),
        authorizeUrl: link.authorizeUrl,
        expiresAt: new Date(link.expiresAt).toISOString(),
        warnings,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nicknameTaken(nickname);
    throw error;
  }
}

/**
 * Opens a new connect session for an existing connection (any status but disabled): the same
 * connection, settings and state, with a new grant once the admin comes back.
 */
export async function startReauthorization(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  options: { loginHint?: string; returnTo?: string } = {},
): Promise<Omit<ConnectLink, 'warnings'>> {
  return inTransaction(ctx.db, async (repos) => {
    const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
    if (!row)
      throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
        details: { connectionId },
      });
    if (row.status === 'disabled') {
      throw new AppError(
        ErrorCode.CONNECTION_DISABLED,
        'enable the connection before re-authorizing it',
        {
          details: { connectionId },
        },
      );
    }
    const link = await openConnectSession(
      ctx,
      repos,
      row,
      'reauthorize',
      options.loginHint ?? row.username ?? undefined,
      options.returnTo,
    );
    return {
      connection: toConnectionView(row),
      authorizeUrl: link.authorizeUrl,
      expiresAt: new Date(link.expiresAt).toISOString(),
    };
  });
}
