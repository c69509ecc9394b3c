import { formatDateTime, truncateToSecond } from '../clock.ts';
import { newSecurityToken, type Emulator } from '../emulator.ts';
import { randomBase62 } from '../ids.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg, requireControlUser } from './lookup.ts';

/** A user's new login secrets, as the reset email would carry them. */
export interface PasswordChange {
  userId: string;
  username: string;
  password: string;
  securityToken: string;
}

/**
 * Expires a user's password, as Setup's "Expire all passwords" does: SOAP login still succeeds
 * (with `passwordExpired` true) but every API call fails with
 * `INVALID_OPERATION_WITH_EXPIRED_PASSWORD` until the password is set again.
 * @see https://help.salesforce.com/s/articleView?id=sf.admin_password.htm
 */
export function expirePassword(
  emulator: Emulator,
  orgId: string,
  user: string,
): { userId: string; expired: true } {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  const secret = org.secrets.get(record.Id);
  if (!secret) throw notFoundError('password for user', user);
  secret.expired = true;
  return { userId: record.Id, expired: true };
}

/**
 * Resets a user's password to a generated one. Like every password change at Salesforce it also
 * issues a new security token, so `password + oldToken` stops working.
 * @see https://help.salesforce.com/s/articleView?id=sf.user_security_token.htm
 */
export function resetPassword(emulator: Emulator, orgId: string, user: string): PasswordChange {
  return changePassword(emulator, orgId, user, `Pw-${randomBase62(12)}1`, undefined);
}

/**
 * Sets a user's password (at least 8 characters with letters and digits, the default policy).
 * The security token is reset too unless `securityToken` pins it.
 */
export function setPassword(
  emulator: Emulator,
  orgId: string,
  user: string,
  password: string,
  options: { securityToken?: string } = {},
): PasswordChange {
  if (typeof password !== 'string' || password.length < 8 || password.length > 128)
    throw invalidRequest('password must be 8 to 128 characters');
  if (!/[a-zA-Z]/.test(password) || !/[0-9]/.test(password))
    throw invalidRequest('password must contain letters and digits');
  const token = options.securityToken;
  if (token !== undefined && !/^[a-zA-Z0-9]{1,40}$/.test(token))
    throw invalidRequest('securityToken must be letters and digits');
  return changePassword(emulator, orgId, user, password, token);
}

function changePassword(
  emulator: Emulator,
  orgId: string,
  user: string,
  password: string,
  securityToken: string | undefined,
): PasswordChange {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  const now = emulator.clock.now();
  const secret = {
    password,
    securityToken: securityToken ?? newSecurityToken(),
    passwordChangedAt: now,
    expired: false,
  };
  org.secrets.set(record.Id, secret);
  // LastPasswordChangeDate is read-only to DML; the platform stamps it.
  record.LastPasswordChangeDate = formatDateTime(truncateToSecond(now));
  return {
    userId: record.Id,
    username: String(record.Username),
    password: secret.password,
    securityToken: secret.securityToken,
  };
}
