import { formatDateTime, truncateToSecond } from '../clock.ts';
import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import { hostServesOrg, type Host } from '../http/hosts.ts';
import type { Org } from '../model/org.ts';
import { secretsEqual } from './client-auth.ts';
import { ipInRanges } from './trusted-ip.ts';

/**
 * What a presented password must be: the password alone (the login page), the password with the
 * security token appended (API logins from outside trusted ranges), or either (API logins from
 * a trusted range or through an app that relaxes IP restrictions).
 * @see https://help.salesforce.com/s/articleView?id=sf.user_security_token.htm
 */
export type PasswordForm = 'password' | 'password_and_token' | 'either';

/** A login check's outcome: the user and org, or why it failed. */
export type LoginCheck =
  | { ok: true; org: Org; user: SObjectRecord }
  | { ok: false; reason: 'unknown_user' | 'wrong_host' | 'inactive' | 'bad_password' };

/**
 * Checks a username and password at a host. Users exist only at a host that serves their org:
 * production users at login.salesforce.com, sandbox users at test.salesforce.com, anyone at
 * their own My Domain. Every failure looks the same to the caller's client; `reason` is for
 * the emulator's own choices of error.
 */
export function checkLogin(
  emulator: Emulator,
  host: Host,
  username: string | undefined,
  password: string | undefined,
  form: PasswordForm | ((org: Org) => PasswordForm),
): LoginCheck {
  if (!username || password === undefined) return { ok: false, reason: 'unknown_user' };
  const found = emulator.findUserByUsername(username.trim());
  if (!found) return { ok: false, reason: 'unknown_user' };
  const { org, user } = found;
  if (!hostServesOrg(host, org)) return { ok: false, reason: 'wrong_host' };
  const secret = org.secrets.get(user.Id);
  if (!secret) return { ok: false, reason: 'bad_password' };
  const withToken = secretsEqual(password, secret.password + secret.securityToken);
  const alone = secretsEqual(password, secret.password);
  const wanted = typeof form === 'function' ? form(org) : form;
  const accepted =
    wanted === 'password'
      ? alone
      : wanted === 'password_and_token'
        ? withToken
        : withToken || alone;
  if (!accepted) return { ok: false, reason: 'bad_password' };
  if (user.IsActive !== true) return { ok: false, reason: 'inactive' };
  return { ok: true, org, user };
}

/**
 * The password form an API login (SOAP `login()` or the OAuth password grant) needs from a
 * client address: no token from the org's trusted IP ranges or through an app whose policy
 * relaxes IP restrictions.
 */
export function apiPasswordForm(
  ip: string,
  relaxIpRestrictions: boolean,
): (org: Org) => PasswordForm {
  return (org) =>
    relaxIpRestrictions || ipInRanges(ip, org.settings.trustedIpRanges)
      ? 'either'
      : 'password_and_token';
}

/** Stamps `User.LastLoginDate`, as every successful login does. */
export function recordLogin(emulator: Emulator, user: SObjectRecord): void {
  user.LastLoginDate = formatDateTime(truncateToSecond(emulator.clock.now()));
}
