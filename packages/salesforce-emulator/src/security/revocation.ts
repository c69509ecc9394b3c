import type { Emulator } from '../emulator.ts';

/** Why a grant ended, as the control API and tests read it back. */
export type RevocationReason =
  'user' | 'admin' | 'approval_limit' | 'reuse' | 'policy' | 'deactivated';

/**
 * Revokes a grant (an approval) and every access token issued from it, as revoking a refresh
 * token does at Salesforce. Idempotent.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
 */
export function revokeGrant(emulator: Emulator, grantId: string, reason: RevocationReason): void {
  const grant = emulator.grants.get(grantId);
  if (!grant || grant.revokedAt !== null) return;
  const now = emulator.clock.now();
  grant.revokedAt = now;
  grant.revokedReason = reason;
  for (const session of emulator.sessions.values()) {
    if (session.grantId === grantId && session.revokedAt === null) session.revokedAt = now;
  }
}

/** Revokes every grant a user holds (for one app, or all), as an admin's "Revoke" in the user's OAuth apps list does. */
export function revokeUserGrants(
  emulator: Emulator,
  orgId: string,
  userId: string,
  appId: string | null,
  reason: RevocationReason,
): number {
  let count = 0;
  for (const grant of emulator.grants.values()) {
    if (grant.orgId !== orgId || grant.userId !== userId || grant.revokedAt !== null) continue;
    if (appId !== null && grant.appId !== appId) continue;
    revokeGrant(emulator, grant.id, reason);
    count += 1;
  }
  return count;
}

/** Ends every session of a user (all apps and SOAP), as deactivation or a forced logout does. */
export function revokeUserSessions(emulator: Emulator, orgId: string, userId: string): void {
  const now = emulator.clock.now();
  for (const session of emulator.sessions.values()) {
    if (session.orgId === orgId && session.userId === userId && session.revokedAt === null)
      session.revokedAt = now;
  }
}
