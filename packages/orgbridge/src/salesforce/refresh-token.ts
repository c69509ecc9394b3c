import * as oauth from 'oauth4webapi';
import type { SalesforceHttpOptions } from './http-options.ts';
import { authorizationServer, exchangeTokens, oauthHttpOptions } from './token-endpoint.ts';
import type { TokenSet } from './token-set.ts';

/** Input of {@link refreshAccessToken}. */
export interface RefreshAccessTokenOptions extends SalesforceHttpOptions {
  /** The login base URL the grant was issued at (login host or My Domain). */
  baseUrl: string;
  clientId: string;
  /** The consumer secret; sent, and used to verify the response's `signature`. */
  clientSecret: string;
  refreshToken: string;
  /** Clock for `receivedAt` (default `Date.now`). */
  now?: () => number;
}

/**
 * Gets a new access token for a grant (`grant_type=refresh_token`). The result's `refreshToken`
 * is non-null only when Salesforce rotated it: the caller must store the new one before
 * forgetting the old, which is now dead (presenting it again revokes the whole grant). The
 * instance URL may differ from before; store it. Fails with `REAUTH_REQUIRED` and a reason
 * (`refresh_token_revoked`, `user_inactive`, `app_not_approved`, `app_uninstalled`,
 * `credentials_invalid`), `SALESFORCE_UNAVAILABLE` (5xx, timeout, network, or
 * `login_restricted`), `SALESFORCE_LIMIT_EXCEEDED`, `SALESFORCE_SIGNATURE_INVALID` or
 * `SALESFORCE_ERROR`; see `classifyTokenError`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 */
export async function refreshAccessToken(options: RefreshAccessTokenOptions): Promise<TokenSet> {
  const insecure = options.allowInsecureLoopback ?? false;
  const server = authorizationServer(options.baseUrl, insecure);
  const client: oauth.Client = { client_id: options.clientId };
  const secrets = [options.refreshToken, options.clientSecret];
  return exchangeTokens(
    () =>
      oauth.refreshTokenGrantRequest(
        server.as,
        client,
        oauth.ClientSecretPost(options.clientSecret),
        options.refreshToken,
        oauthHttpOptions(server, options, secrets),
      ),
    (response) => oauth.processRefreshTokenResponse(server.as, client, response),
    {
      clientSecret: options.clientSecret,
      allowInsecureLoopback: insecure,
      now: options.now ?? Date.now,
      secrets,
      action: 'token refresh',
    },
  );
}
