import { formatDateTime } from '../clock.ts';
import type { Emulator } from '../emulator.ts';
import type { Grant } from '../model/grants.ts';
import { revokeGrant, revokeUserGrants } from '../security/revocation.ts';
import { notFoundError } from './control-error.ts';
import { requireControlApp, requireControlOrg, requireControlUser } from './lookup.ts';

/** `revoked` by someone or something; `expired` by the app's refresh-token policy. */
export type GrantState = 'active' | 'revoked' | 'expired';

/** One approval as the control API lists it (never the refresh token itself). */
export interface GrantSummary {
  id: string;
  orgId: string;
  userId: string;
  username: string | null;
  appId: string;
  appName: string | null;
  scopes: string[];
  state: GrantState;
  createdAt: string;
  lastUsedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  /** Access tokens issued from the grant that are not revoked. */
  liveSessions: number;
}

/** Filters of {@link listGrants}; each narrows the list. */
export interface GrantFilter {
  orgId?: string;
  /** Id or username; needs `orgId`. */
  userId?: string;
  /** Id or consumer key. */
  appId?: string;
  state?: GrantState;
}

/**
 * The approvals (what Salesforce lists under a user's "OAuth Connected Apps" and an app's
 * "Connected Apps OAuth Usage"), oldest first, with their state.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_request_manage.htm
 */
export function listGrants(emulator: Emulator, filter: GrantFilter = {}): GrantSummary[] {
  const org = filter.orgId === undefined ? undefined : requireControlOrg(emulator, filter.orgId);
  const userId =
    filter.userId === undefined
      ? undefined
      : org
        ? requireControlUser(emulator, org, filter.userId).Id
        : filter.userId;
  const appId =
    filter.appId === undefined ? undefined : requireControlApp(emulator, filter.appId).id;
  const out: GrantSummary[] = [];
  for (const grant of emulator.grants.values()) {
    if (org && grant.orgId !== org.id) continue;
    if (userId !== undefined && grant.userId !== userId) continue;
    if (appId !== undefined && grant.appId !== appId) continue;
    const summary = summarizeGrant(emulator, grant);
    if (filter.state !== undefined && summary.state !== filter.state) continue;
    out.push(summary);
  }
  return out;
}

/** Revokes one grant and its access tokens, as an admin's "Revoke" does. */
export function revokeGrantById(emulator: Emulator, grantId: string): GrantSummary {
  const grant = emulator.grants.get(grantId);
  if (!grant) throw notFoundError('grant', grantId);
  revokeGrant(emulator, grant.id, 'admin');
  return summarizeGrant(emulator, grant);
}

/** Revokes every live grant a user holds (for one app when given). Returns how many. */
export function revokeGrantsOfUser(
  emulator: Emulator,
  orgId: string,
  user: string,
  app?: string,
): { revoked: number } {
  const org = requireControlOrg(emulator, orgId);
  const userId = requireControlUser(emulator, org, user).Id;
  const appId = app === undefined ? null : requireControlApp(emulator, app).id;
  return { revoked: revokeUserGrants(emulator, org.id, userId, appId, 'admin') };
}

/**
 * Revokes every live grant of an app (in one org when given), as "Revoke All" on the app's
 * OAuth usage page does. Returns how many.
 */
export function revokeGrantsOfApp(
  emulator: Emulator,
  app: string,
  orgId?: string,
): { revoked: number } {
  const appId = requireControlApp(emulator, app).id;
  const org = orgId === undefined ? undefined : requireControlOrg(emulator, orgId);
  let revoked = 0;
  for (const grant of emulator.grants.values()) {
    if (grant.appId !== appId || grant.revokedAt !== null) continue;
    if (org && grant.orgId !== org.id) continue;
    revokeGrant(emulator, grant.id, 'admin');
    revoked += 1;
  }
  return { revoked };
}

function grantState(emulator: Emulator, grant: Grant): GrantState {
  if (grant.revokedAt !== null) return 'revoked';
  const policy = emulator.apps.get(grant.appId)?.refreshTokenPolicy;
  const now = emulator.clock.now();
  if (policy?.kind === 'expire_after' && now - grant.createdAt > policy.ms) return 'expired';
  if (policy?.kind === 'expire_if_unused' && now - grant.lastUsedAt > policy.ms) return 'expired';
  return 'active';
}

function summarizeGrant(emulator: Emulator, grant: Grant): GrantSummary {
  const org = emulator.orgs.get(grant.orgId);
  const user = org ? emulator.findUser(org, grant.userId) : undefined;
  let liveSessions = 0;
  for (const session of emulator.sessions.values()) {
    if (session.grantId === grant.id && session.revokedAt === null) liveSessions += 1;
  }
  return {
    id: grant.id,
    orgId: grant.orgId,
    userId: grant.userId,
    username: typeof user?.Username === 'string' ? user.Username : null,
    appId: grant.appId,
    appName: emulator.apps.get(grant.appId)?.name ?? null,
    scopes: [...grant.scopes],
    state: grantState(emulator, grant),
    createdAt: formatDateTime(grant.createdAt),
    lastUsedAt: formatDateTime(grant.lastUsedAt),
    revokedAt: grant.revokedAt === null ? null : formatDateTime(grant.revokedAt),
    revokedReason: grant.revokedReason,
    liveSessions: grant.revokedAt === null ? liveSessions : 0,
  };
}
