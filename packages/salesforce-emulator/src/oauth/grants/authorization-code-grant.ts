import { createHash } from 'node:crypto';
import { hostServesOrg } from '../../http/hosts.ts';
import { authenticateClient } from '../client-auth.ts';
import { createGrant, issueSession } from '../grant-store.ts';
import {
  OAuthError,
  inactiveUser,
  invalidClient,
  loginHoursRestricted,
  missingParameter,
  redirectUriMismatch,
} from '../oauth-error.ts';
import { buildTokenResponse } from '../token-response.ts';
import type { GrantContext } from './grant-context.ts';

const invalidCode = () => new OAuthError('invalid_grant', 'invalid authorization code');

/** Whether a PKCE verifier matches the challenge sent to /authorize (RFC 7636 §4.6). */
function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  if (method === 'plain') return verifier === challenge;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/**
 * `grant_type=authorization_code`: exchanges a one-time code from the web-server flow for an
 * access token, and a refresh token when the approval included the refresh scope. The code is
 * bound to the app, the redirect URI and the PKCE challenge; it works once, for 15 minutes.
 * A code issued with a PKCE challenge may be exchanged without the consumer secret (a public
 * client); any other needs it.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export async function authorizationCodeGrant(ctx: GrantContext): Promise<Record<string, string>> {
  const { emulator, request, host, params } = ctx;
  const { app, secretVerified } = authenticateClient(emulator, request, params, 'if_present');
  if (!params.code) throw missingParameter('code');
  const code = emulator.codes.get(params.code);
  if (!code || code.appId !== app.id || code.usedAt !== null) throw invalidCode();
  if (emulator.clock.now() > code.expiresAt) {
    throw new OAuthError('invalid_grant', 'expired authorization code');
  }
  const org = emulator.orgs.get(code.orgId);
  if (!org || !hostServesOrg(host, org)) throw invalidCode();
  if (!secretVerified && code.codeChallenge === null) throw invalidClient();
  if (params.redirect_uri !== code.redirectUri) throw redirectUriMismatch();
  if (code.codeChallenge !== null) {
    const verifier = params.code_verifier;
    if (!verifier) throw new OAuthError('invalid_grant', 'invalid code verifier');
    if (!verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod)) {
      throw new OAuthError('invalid_request', 'invalid code verifier');
    }
  }
  const user = emulator.findUser(org, code.userId);
  if (!user || user.IsActive !== true) throw inactiveUser();
  if (!org.settings.loginHoursOpen) throw loginHoursRestricted();

  code.usedAt = emulator.clock.now();
  const grant = createGrant(emulator, { org, userId: user.Id, app, scopes: code.scopes });
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
    refreshToken: grant.refreshToken || null,
    issuer: code.loginHost ? emulator.urlFor(code.loginHost) : emulator.baseUrl,
    nonce: code.nonce,
  });
}
