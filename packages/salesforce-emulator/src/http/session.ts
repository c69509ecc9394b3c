import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { AccessSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';

/** Why a presented access token does not work. */
export type SessionProblem =
  'missing' | 'malformed_header' | 'unknown' | 'expired' | 'revoked' | 'inactive_user';

export type SessionLookup =
  | { ok: true; session: AccessSession; org: Org; user: SObjectRecord }
  | { ok: false; problem: SessionProblem };

/**
 * Reads the token from `Authorization: Bearer <t>` or `Authorization: OAuth <t>` (restforce's
 * form, accepted by real orgs). Returns null when there is no header, '' when it is malformed.
 */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  const m = /^(Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
  return m ? m[2]! : '';
}

/**
 * Finds the live session for a token: known, not revoked (nor its grant), not idle past the
 * org's session timeout, and its user still active. Touching it slides the timeout, as
 * activity keeps a Salesforce session alive.
 */
export function lookupSession(
  emulator: Emulator,
  token: string | null,
  touch = true,
): SessionLookup {
  if (token === null) return { ok: false, problem: 'missing' };
  if (token === '') return { ok: false, problem: 'malformed_header' };
  const session = emulator.sessions.get(token);
  if (!session) return { ok: false, problem: 'unknown' };
  const org = emulator.orgs.get(session.orgId);
  if (!org) return { ok: false, problem: 'unknown' };
  const grant = session.grantId ? emulator.grants.get(session.grantId) : undefined;
  if (session.revokedAt !== null || (grant && grant.revokedAt !== null))
    return { ok: false, problem: 'revoked' };
  const now = emulator.clock.now();
  if (now - session.lastActivityAt > org.settings.sessionTimeoutMs)
    return { ok: false, problem: 'expired' };
  const user = emulator.findUser(org, session.userId);
  if (!user || user.IsActive !== true) return { ok: false, problem: 'inactive_user' };
  if (touch) session.lastActivityAt = now;
  return { ok: true, session, org, user };
}

/** Whether the user's password has expired (by policy or by an admin's "expire password"). */
export function passwordExpired(emulator: Emulator, org: Org, userId: string): boolean {
  const secret = org.secrets.get(userId);
  if (!secret) return false;
  if (secret.expired) return true;
  if (org.settings.passwordExpiryDays <= 0) return false;
  return (
    emulator.clock.now() - secret.passwordChangedAt > org.settings.passwordExpiryDays * 86_400_000
  );
}
