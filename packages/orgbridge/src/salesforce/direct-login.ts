import { importPKCS8, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import { AppError, ErrorCode } from '../errors.ts';
import type { SalesforceHttpOptions } from './http-options.ts';
import { authorizationServer, exchangeTokens, oauthHttpOptions } from './token-endpoint.ts';
import type { TokenSet } from './token-set.ts';

/** What every non-interactive login needs. */
interface DirectLoginBase extends SalesforceHttpOptions {
  /** The login base URL: login host, sandbox host or My Domain. */
  baseUrl: string;
  clientId: string;
  /** Clock for `receivedAt` and the JWT's `exp` (default `Date.now`). */
  now?: () => number;
}

/** Input of {@link passwordLogin}. */
export interface PasswordLoginOptions extends DirectLoginBase {
  clientSecret: string;
  username: string;
  password: string;
  /** Appended to the password, as Salesforce expects; empty when the org trusts the caller's IP. */
  securityToken: string;
}

/**
 * The username-password flow (`grant_type=password`): the password with the security token
 * appended. No refresh token: log in again whenever a token is needed. Orgs created since
 * Summer '23 block this flow by default and answer `authentication failure`, exactly as for a
 * wrong password, so the two cannot be told apart (the caller must say both).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_username_password_flow.htm
 */
export async function passwordLogin(options: PasswordLoginOptions): Promise<TokenSet> {
  const insecure = options.allowInsecureLoopback ?? false;
  const server = authorizationServer(options.baseUrl, insecure);
  const client: oauth.Client = { client_id: options.clientId };
  const secret = `${options.password}${options.securityToken}`;
  const secrets = [options.password, secret, options.clientSecret].filter((s) => s.length > 0);
  return exchangeTokens(
    () =>
      oauth.genericTokenEndpointRequest(
        server.as,
        client,
        oauth.ClientSecretPost(options.clientSecret),
        'password',
        { username: options.username, password: secret },
        oauthHttpOptions(server, options, secrets),
      ),
    (response) => oauth.processGenericTokenEndpointResponse(server.as, client, response),
    {
      clientSecret: options.clientSecret,
      allowInsecureLoopback: insecure,
      now: options.now ?? Date.now,
      secrets,
      action: 'username-password login',
    },
  );
}

/** Input of {@link jwtBearerLogin}. */
export interface JwtBearerLoginOptions extends DirectLoginBase {
  username: string;
  /** PKCS#8 PEM of the key whose certificate is uploaded to the connected app. A secret. */
  privateKey: string;
}

/** Salesforce accepts assertions that expire within three minutes. */
const ASSERTION_LIFETIME_S = 170;

/**
 * The JWT bearer flow for a dedicated integration user: an RS256 assertion (`iss` the consumer
 * key, `sub` the username, `aud` the login base URL) exchanged for an access token. No refresh
 * token and no approval is created, so the five-approvals limit does not apply: a new assertion
 * is signed whenever a token is needed. The answer carries no `signature` (there is no secret).
 * Fails with `VALIDATION_FAILED` for a key that is not an RSA PKCS#8 PEM.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
export async function jwtBearerLogin(options: JwtBearerLoginOptions): Promise<TokenSet> {
  const insecure = options.allowInsecureLoopback ?? false;
  const server = authorizationServer(options.baseUrl, insecure);
  const client: oauth.Client = { client_id: options.clientId };
  const now = options.now ?? Date.now;
  const assertion = await signAssertion(options, server.baseUrl, now());
  const secrets = [options.privateKey, assertion];
  return exchangeTokens(
    () =>
      oauth.genericTokenEndpointRequest(
        server.as,
        client,
        oauth.None(),
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
        { assertion },
        oauthHttpOptions(server, options, secrets),
      ),
    (response) => oauth.processGenericTokenEndpointResponse(server.as, client, response),
    {
      clientSecret: null,
      allowInsecureLoopback: insecure,
      now,
      secrets,
      action: 'JWT bearer login',
    },
  );
}

async function signAssertion(
  options: JwtBearerLoginOptions,
  audience: string,
  nowMs: number,
): Promise<string> {
  let key;
  try {
    key = await importPKCS8(options.privateKey, 'RS256');
  } catch {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'privateKey must be an RSA private key in PKCS#8 PEM form (-----BEGIN PRIVATE KEY-----)',
      { details: { field: 'credentials.privateKey' } },
    );
  }
  const issuedAt = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(options.clientId)
    .setSubject(options.username)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
    .sign(key);
}

/** Input of {@link clientCredentialsLogin}. */
export interface ClientCredentialsLoginOptions extends DirectLoginBase {
  clientSecret: string;
}

/**
 * The client-credentials flow: the connected app's key and secret stand for its configured
 * run-as user. Only a My Domain host accepts it (`request not supported on this domain`
 * elsewhere); an app without a run-as user answers `no client credentials user enabled`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
 */
export async function clientCredentialsLogin(
  options: ClientCredentialsLoginOptions,
): Promise<TokenSet> {
  const insecure = options.allowInsecureLoopback ?? false;
  const server = authorizationServer(options.baseUrl, insecure);
  const client: oauth.Client = { client_id: options.clientId };
  const secrets = [options.clientSecret];
  return exchangeTokens(
    () =>
      oauth.clientCredentialsGrantRequest(
        server.as,
        client,
        oauth.ClientSecretPost(options.clientSecret),
        {},
        oauthHttpOptions(server, options, secrets),
      ),
    (response) => oauth.processClientCredentialsResponse(server.as, client, response),
    {
      clientSecret: options.clientSecret,
      allowInsecureLoopback: insecure,
      now: options.now ?? Date.now,
      secrets,
      action: 'client-credentials login',
    },
  );
}
