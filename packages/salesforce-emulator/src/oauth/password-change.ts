import { formatDateTime, truncateToSecond } from '../clock.ts';
import { newSecurityToken, type Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Org } from '../model/org.ts';

/**
 * Checks a new password against Salesforce's default policy (8 characters, letters and numbers,
 * not the current one) and its confirmation. Returns the page's error text, or null when fine.
 * @see https://help.salesforce.com/s/articleView?id=sf.users_profiles_password_policies_ref.htm
 */
export function newPasswordProblem(
  current: string,
  password: string | undefined,
  confirmation: string | undefined,
): string | null {
  if (!password || password.length < 8) return 'Your password must be at least 8 characters long.';
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    return 'Your password must include letters and numbers.';
  }
  if (password !== confirmation) return 'The passwords you entered do not match.';
  if (password === current) return 'You cannot reuse this old password.';
  return null;
}

/**
 * Sets a user's password as the change-password page does: it clears the expired flag, restarts
 * the expiry period and resets the security token. Refresh tokens survive it.
 * @see https://help.salesforce.com/s/articleView?id=sf.user_security_token.htm
 */
export function changePassword(
  emulator: Emulator,
  org: Org,
  user: SObjectRecord,
  password: string,
): void {
  const now = emulator.clock.now();
  org.secrets.set(user.Id, {
    password,
    securityToken: newSecurityToken(),
    passwordChangedAt: now,
    expired: false,
  });
  user.LastPasswordChangeDate = formatDateTime(truncateToSecond(now));
}
