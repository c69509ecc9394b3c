import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { AccessSession, Grant } from '../model/grants.ts';
import type { Org } from '../model/org.ts';
import { revokeGrant } from '../security/revocation.ts';
import { newAccessToken, newRefreshToken } from './token-format.ts';

/** Scopes that make an approval carry a refresh token. */
export const REFRESH_SCOPES = ['refresh_token', 'offline_access'];

/** Whether an approval with these scopes carries a refresh token. */
export function wantsRefreshToken(scopes: readonly string[]): boolean {
  return scopes.some((s) => REFRESH_SCOPES.includes(s));
}

/** Scopes without the refresh ones, for flows that never issue a refresh token. */
export function withoutRefreshScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !REFRESH_SCOPES.includes(s));
}

/**
 * Whether the app's refresh-token policy has ended a grant: "expire refresh token after" counts
 * from the approval, "expire if not used" from the last refresh.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
 */
export function refreshPolicyExpired(app: ConnectedApp, grant: Grant, now: number): boolean {
  const policy = app.refreshTokenPolicy;
  switch (policy.kind) {
    case 'until_revoked':
      return false;
    case 'expire_after':
      return now - grant.createdAt > policy.ms;
    case 'expire_if_unused':
      return now - grant.lastUsedAt > policy.ms;
  }
}

/** When a grant's refresh token stops working by policy (epoch ms), or null when only revocation ends it. */
export function refreshPolicyExpiresAt(app: ConnectedApp, grant: Grant): number | null {
  const policy = app.refreshTokenPolicy;
  switch (policy.kind) {
    case 'until_revoked':
      return null;
    case 'expire_after':
      return grant.createdAt + policy.ms;
    case 'expire_if_unused':
      return grant.lastUsedAt + policy.ms;
  }
}

/** Not revoked, its app still registered, and not expired by the app's refresh-token policy. */
export function isGrantLive(emulator: Emulator, grant: Grant): boolean {
  if (grant.revokedAt !== null) return false;
  const app = emulator.apps.get(grant.appId);
  if (!app) return false;
  return !refreshPolicyExpired(app, grant, emulator.clock.now());
}

/** The live approvals a user holds for an app in an org, in creation order. */
export function liveGrants(
  emulator: Emulator,
  orgId: string,
  userId: string,
  appId: string,
): Grant[] {
  return [...emulator.grants.values()].filter(
    (g) =>
      g.orgId === orgId && g.userId === userId && g.appId === appId && isGrantLive(emulator, g),
  );
}

/**
 * Frees room for one more approval: a user may hold `maxApprovalsPerUser` refresh tokens per app,
 * and the next approval revokes the least recently used (or, as configured, the oldest).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_request_manage.htm
 */
function evictForNewApproval(
  emulator: Emulator,
  app: ConnectedApp,
  orgId: string,
  userId: string,
): void {
  const holding = liveGrants(emulator, orgId, userId, app.id).filter((g) => g.refreshToken !== '');
  const excess = holding.length + 1 - Math.max(1, app.maxApprovalsPerUser);
  if (excess <= 0) return;
  const key = (g: Grant) => (app.approvalEviction === 'oldest' ? g.createdAt : g.lastUsedAt);
  // Array.prototype.sort is stable, so ties keep creation order and the earlier grant goes first.
  const victims = holding.sort((a, b) => key(a) - key(b)).slice(0, excess);
  for (const victim of victims) revokeGrant(emulator, victim.id, 'approval_limit');
}

/** What {@link createGrant} records. */
export interface NewGrant {
  org: Org;
  userId: string;
  app: ConnectedApp;
  scopes: string[];
}

/**
 * Records a user's approval of an app. With the `refresh_token`/`offline_access` scope it carries
 * a refresh token and counts towards the per-user approval limit; otherwise its refresh token
 * is the empty string.
 */
export function createGrant(emulator: Emulator, input: NewGrant): Grant {
  const withRefresh = wantsRefreshToken(input.scopes);
  if (withRefresh) evictForNewApproval(emulator, input.app, input.org.id, input.userId);
  const now = emulator.clock.now();
  const grant: Grant = {
    id: emulator.ids.next('0CJ'),
    orgId: input.org.id,
    userId: input.userId,
    appId: input.app.id,
    scopes: [...input.scopes],
    createdAt: now,
    lastUsedAt: now,
    refreshToken: withRefresh ? newRefreshToken() : '',
    rotatedOut: [],
    revokedAt: null,
    revokedReason: null,
  };
  emulator.grants.set(grant.id, grant);
  if (withRefresh) emulator.refreshTokens.set(grant.refreshToken, grant.id);
  return grant;
}

/** Replaces a grant's refresh token; the old one is remembered so presenting it again counts as reuse. */
export function rotateRefreshToken(emulator: Emulator, grant: Grant): string {
  grant.rotatedOut.push(grant.refreshToken);
  grant.refreshToken = newRefreshToken();
  emulator.refreshTokens.set(grant.refreshToken, grant.id);
  return grant.refreshToken;
}

/** The grant a refresh token belongs to, and whether the token is its current one. */
export function findGrantByRefreshToken(
  emulator: Emulator,
  token: string,
): { grant: Grant; current: boolean } | undefined {
  const grantId = emulator.refreshTokens.get(token);
  const grant = grantId ? emulator.grants.get(grantId) : undefined;
  if (!grant) return undefined;
  return { grant, current: grant.refreshToken === token };
}

/** What {@link issueSession} issues a token for; `appId` and `grantId` are null for SOAP sessions. */
export interface NewSession {
  org: Org;
  userId: string;
  appId: string | null;
  grantId: string | null;
  scopes: string[];
  kind: AccessSession['kind'];
}

/** Issues an access token (or SOAP session id); it lives until the org's session timeout of inactivity. */
export function issueSession(emulator: Emulator, input: NewSession): AccessSession {
  const now = emulator.clock.now();
  const session: AccessSession = {
    token: newAccessToken(input.org),
    orgId: input.org.id,
    userId: input.userId,
    appId: input.appId,
    grantId: input.grantId,
    scopes: [...input.scopes],
    issuedAt: now,
    lastActivityAt: now,
    revokedAt: null,
    kind: input.kind,
  };
  emulator.sessions.set(session.token, session);
  return session;
}
