import * as oauth from 'oauth4webapi';
import type { SalesforceHttpOptions } from './http-options.ts';
import { authorizationServer, exchangeTokens, oauthHttpOptions } from './token-endpoint.ts';
import type { TokenSet } from './token-set.ts';

/** Input of {@link createAuthorization}. */
export interface CreateAuthorizationOptions {
  /** The login base URL (see `resolveLoginBaseUrl`). */
  baseUrl: string;
  /** The connected app's consumer key. */
  clientId: string;
  /** The callback URL; must equal one registered on the app. */
  redirectUri: string;
  /** Scopes to request, e.g. `['api', 'refresh_token', 'offline_access', 'id']`. */
  scopes: readonly string[];
  /** Pre-fills the username on Salesforce's login page. */
  loginHint?: string;
  /** `login`, `consent`, `select_account` (space-combinable). */
  prompt?: string;
  /** Permit a plain-http loopback base (tests and demos). */
  allowInsecureLoopback?: boolean;
}

/** A started authorization: send the person to `url`; keep `state` and `codeVerifier` server-side. */
export interface Authorization {
  /** The `/services/oauth2/authorize` URL to redirect the browser to. */
  url: string;
  /** Random, unguessable; the callback must echo it (bind it to a single-use connect session). */
  state: string;
  /** The PKCE verifier for {@link exchangeCode}. A secret: store it, never show it. */
  codeVerifier: string;
}

/**
 * Starts the OAuth 2.0 web-server flow with PKCE: a fresh random `state` and code verifier, and
 * the authorize URL with `response_type=code`, `code_challenge` and `code_challenge_method=S256`.
 * Makes no request. Fails with `LOGIN_URL_INVALID` for a base URL that is not https (or a
 * permitted loopback http).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export async function createAuthorization(
  options: CreateAuthorizationOptions,
): Promise<Authorization> {
  const server = authorizationServer(options.baseUrl, options.allowInsecureLoopback ?? false);
  const state = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const url = new URL(`${server.baseUrl}/services/oauth2/authorize`);
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', options.clientId);
  params.set('redirect_uri', options.redirectUri);
  params.set('scope', options.scopes.join(' '));
  params.set('state', state);
  params.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  params.set('code_challenge_method', 'S256');
  if (options.loginHint) params.set('login_hint', options.loginHint);
  if (options.prompt) params.set('prompt', options.prompt);
  return { url: url.href, state, codeVerifier };
}

/** Input of {@link exchangeCode}. */
export interface ExchangeCodeOptions extends SalesforceHttpOptions {
  /** The same login base URL the authorization started at. */
  baseUrl: string;
  clientId: string;
  /** The consumer secret; also the key that verifies the response's `signature`. */
  clientSecret: string;
  /** The same redirect URI the authorization used. */
  redirectUri: string;
  /** The `code` from the callback (see `parseAuthorizationCallback`). */
  code: string;
  /** The verifier from {@link createAuthorization}. */
  codeVerifier: string;
  /** Clock for `receivedAt` (default `Date.now`). */
  now?: () => number;
}

/**
 * Exchanges an authorization code for tokens (`grant_type=authorization_code` with the PKCE
 * verifier, client secret in the body) and verifies Salesforce's `signature` over
 * `id + issued_at` with the client secret. Fails with `SALESFORCE_SIGNATURE_INVALID` for a bad
 * or missing signature, `SALESFORCE_ERROR` for a refused code (`invalid_request`: used,
 * expired, wrong verifier or redirect URI) or a non-conforming answer, `REAUTH_REQUIRED` with a
 * reason (`credentials_invalid` for a wrong secret, `app_uninstalled` for an unknown client id,
 * `user_inactive`, `app_not_approved`), `SALESFORCE_UNAVAILABLE` or `SALESFORCE_LIMIT_EXCEEDED`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<TokenSet> {
  const insecure = options.allowInsecureLoopback ?? false;
  const server = authorizationServer(options.baseUrl, insecure);
  const client: oauth.Client = { client_id: options.clientId };
  const secrets = [options.code, options.codeVerifier, options.clientSecret];
  return exchangeTokens(
    () =>
      oauth.authorizationCodeGrantRequest(
        server.as,
        client,
        oauth.ClientSecretPost(options.clientSecret),
        // oauth4webapi takes the code only from callback parameters it has validated itself;
        // the state was checked against the connect session before this call.
        oauth.validateAuthResponse(
          server.as,
          client,
          new URLSearchParams({ code: options.code }),
          oauth.skipStateCheck,
        ),
        options.redirectUri,
        options.codeVerifier,
        oauthHttpOptions(server, options, secrets),
      ),
    (response) => oauth.processAuthorizationCodeResponse(server.as, client, response),
    {
      clientSecret: options.clientSecret,
      allowInsecureLoopback: insecure,
      now: options.now ?? Date.now,
      secrets,
      action: 'code exchange',
    },
  );
}
