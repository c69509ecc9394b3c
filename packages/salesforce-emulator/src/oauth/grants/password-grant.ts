import { isPreAuthorized } from '../app-access.ts';
import { authenticateClient } from '../client-auth.ts';
import { apiPasswordForm, checkLogin, recordLogin } from '../credentials.ts';
import {
  authenticationFailure,
  inactiveUser,
  loginHoursRestricted,
  missingParameter,
  notAdminApproved,
} from '../oauth-error.ts';
import { respondWithAccessTokenOnly } from './access-token-only.ts';
import type { GrantContext } from './grant-context.ts';

/**
 * `grant_type=password` (username-password flow): the password with the security token appended,
 * unless the client address is in the org's trusted IP ranges or the app relaxes IP
 * restrictions. Orgs that block the flow answer `authentication failure`, as they do for a wrong
 * password. No refresh token is issued.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_username_password_flow.htm
 */
export async function passwordGrant(ctx: GrantContext): Promise<Record<string, string>> {
  const { emulator, request, host, params } = ctx;
  const { app } = authenticateClient(emulator, request, params, 'required');
  if (!params.username) throw missingParameter('username');
  if (params.password === undefined) throw missingParameter('password');
  const check = checkLogin(
    emulator,
    host,
    params.username,
    params.password,
    apiPasswordForm(request.ip, app.relaxIpRestrictions),
  );
  if (!check.ok) throw check.reason === 'inactive' ? inactiveUser() : authenticationFailure();
  const { org, user } = check;
  if (org.settings.usernamePasswordFlowBlocked) throw authenticationFailure();
  if (!org.settings.loginHoursOpen) throw loginHoursRestricted();
  if (app.adminApprovedOnly && !isPreAuthorized(app, org.id, String(user.Username))) {
    throw notAdminApproved();
  }
  recordLogin(emulator, user);
  return respondWithAccessTokenOnly(ctx, { org, app, user, scopes: app.scopes });
}
