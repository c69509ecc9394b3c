import { hostBaseUrl, hostServesOrg } from '../../http/hosts.ts';
import { revokeGrant } from '../../security/revocation.ts';
import { authenticateClient } from '../client-auth.ts';
import {
  findGrantByRefreshToken,
  issueSession,
  refreshPolicyExpired,
  rotateRefreshToken,
} from '../grant-store.ts';
import {
  expiredRefreshToken,
  inactiveUser,
  loginHoursRestricted,
  missingParameter,
} from '../oauth-error.ts';
import { buildTokenResponse } from '../token-response.ts';
import type { GrantContext } from './grant-context.ts';

/**
 * `grant_type=refresh_token`: a new access token for a live approval. Fails with
 * `expired access/refresh token` once the grant is revoked, evicted, expired by the app's
 * refresh-token policy or rotated out; presenting a rotated-out token again revokes the whole
 * grant. A deactivated user gets `inactive user`. A `code_verifier` (jsforce sends one) is
 * ignored. With rotation on, the response carries the replacement refresh token.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 */
export async function refreshTokenGrant(ctx: GrantContext): Promise<Record<string, string>> {
  const { emulator, request, host, params } = ctx;
  const presented = params.refresh_token;
  const { app } = authenticateClient(emulator, request, params, 'if_present');
  if (!presented) throw missingParameter('refresh_token');
  const found = findGrantByRefreshToken(emulator, presented);
  if (!found || found.grant.appId !== app.id) throw expiredRefreshToken();
  // The secret rule is the app's; check it only once the token is known to be this app's.
  if (app.requireSecretForRefresh) authenticateClient(emulator, request, params, 'required');
  const { grant, current } = found;
  const org = emulator.orgs.get(grant.orgId);
  if (!org || !hostServesOrg(host, org)) throw expiredRefreshToken();
  const user = emulator.findUser(org, grant.userId);
  if (!user || user.IsActive !== true) throw inactiveUser();
  if (grant.revokedAt !== null) throw expiredRefreshToken();
  if (!current) {
    revokeGrant(emulator, grant.id, 'reuse');
    throw expiredRefreshToken();
  }
  const now = emulator.clock.now();
  if (refreshPolicyExpired(app, grant, now)) {
    revokeGrant(emulator, grant.id, 'policy');
    throw expiredRefreshToken();
  }
  if (!org.settings.loginHoursOpen) throw loginHoursRestricted();

  grant.lastUsedAt = now;
  const refreshToken = app.rotateRefreshTokens ? rotateRefreshToken(emulator, grant) : null;
  const session = issueSession(emulator, {
    org,
    userId: user.Id,
    appId: app.id,
    grantId: grant.id,
    scopes: grant.scopes,
    kind: 'oauth',
  });
  return buildTokenResponse(emulator, {
    org,
    app,
    session,
    refreshToken,
    issuer: hostBaseUrl(emulator, host),
    nonce: null,
  });
}
