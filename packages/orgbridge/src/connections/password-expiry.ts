import type { ConnectionRow } from '../store/connection-repository.ts';
import type { UserFacts } from './user-facts.ts';

/** `password.expiring` is announced this many days ahead, once each. */
export const PASSWORD_WARNING_DAYS = [14, 7, 1] as const;
/** Salesforce's default password policy: passwords expire after 90 days. */
export const DEFAULT_PASSWORD_EXPIRY_DAYS = 90;
const DAY_MS = 86_400_000;

/** When the connection's password expires, or null when it never does (or is unknown). */
export function passwordExpiresAt(row: ConnectionRow, facts: UserFacts | null): number | null {
  if (row.auth_flow !== 'password' || facts === null) return null;
  if (facts.passwordNeverExpires || facts.lastPasswordChangeAt === null) return null;
  const days = row.password_expiry_days ?? DEFAULT_PASSWORD_EXPIRY_DAYS;
  if (days <= 0) return null;
  return facts.lastPasswordChangeAt + days * DAY_MS;
}

/**
 * Decides the `password.expiring` announcement due now for a password-flow connection (at 14, 7
 * and 1 days before expiry, each once; a later last change re-arms them), without writing: the
 * caller stores the patch and, only if that succeeded, appends the event.
 */
export function passwordExpiryUpdate(
  now: number,
  row: ConnectionRow,
  facts: UserFacts,
): {
  patch: { password_changed_at: number | null; password_warned_days: number | null };
  event: Record<string, string | number | null> | null;
} {
  const changedAt = facts.lastPasswordChangeAt;
  const rearmed = changedAt !== null && changedAt !== row.password_changed_at;
  let warned = rearmed ? null : row.password_warned_days;
  let event: Record<string, string | number | null> | null = null;
  const expiresAt = passwordExpiresAt(row, facts);
  if (expiresAt !== null) {
    const daysLeft = (expiresAt - now) / DAY_MS;
    const due = PASSWORD_WARNING_DAYS.filter(
      (d) => daysLeft <= d && daysLeft > 0 && (warned === null || warned > d),
    ).at(-1);
    if (due !== undefined) {
      warned = due;
      event = {
        username: row.username,
        expiresAt: new Date(expiresAt).toISOString(),
        daysLeft: Math.ceil(daysLeft),
        threshold: due,
      };
    }
  }
  return { patch: { password_changed_at: changedAt, password_warned_days: warned }, event };
}
