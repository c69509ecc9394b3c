import * as oauth from 'oauth4webapi';
import { AppError, ErrorCode } from '../errors.ts';
import { classifyApiError, classifyTokenError } from './classify.ts';
import type { SalesforceHttpOptions } from './http-options.ts';
import { salesforceFailure } from './salesforce-failure.ts';
import { isPermittedUrl, requireBaseUrl } from './secure-url.ts';
import { sendRequest } from './send-request.ts';
import type { TokenSet } from './token-set.ts';
import { verifyTokenSignature } from './token-signature.ts';

/** Everything a token-endpoint call needs to know about the login host. */
export interface AuthorizationServerRef {
  /** Normalized base URL (`https://login.salesforce.com`, a My Domain, an emulated host). */
  baseUrl: string;
  /** oauth4webapi's view of the server; endpoints appended to the base string. */
  as: oauth.AuthorizationServer;
  /** Whether the base is plain http (then it was checked to be loopback with the switch on). */
  insecure: boolean;
}

/**
 * Describes a Salesforce login host for oauth4webapi without discovery: Salesforce's endpoints
 * are fixed paths under the host, appended to the base string so a path-prefixed base works.
 * The issuer is the base URL, which is what Salesforce puts in `id_token`s it issues there.
 * Fails with `LOGIN_URL_INVALID` for a base that is not https (or permitted loopback http).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
 */
export function authorizationServer(
  rawBaseUrl: string,
  allowInsecureLoopback: boolean,
): AuthorizationServerRef {
  const baseUrl = requireBaseUrl(
    rawBaseUrl,
    allowInsecureLoopback,
    'baseUrl',
    ErrorCode.LOGIN_URL_INVALID,
  );
  return {
    baseUrl,
    insecure: baseUrl.startsWith('http:'),
    as: {
      issuer: baseUrl,
      authorization_endpoint: `${baseUrl}/services/oauth2/authorize`,
      token_endpoint: `${baseUrl}/services/oauth2/token`,
      revocation_endpoint: `${baseUrl}/services/oauth2/revoke`,
    },
  };
}

/**
 * oauth4webapi transport options: our buffered, timed, error-translating fetch, and
 * `allowInsecureRequests` only for a base already checked to be permitted loopback http.
 */
export function oauthHttpOptions(
  server: AuthorizationServerRef,
  options: SalesforceHttpOptions,
  secrets: readonly string[],
): oauth.TokenEndpointRequestOptions {
  return {
    [oauth.customFetch]: (url, init) => sendRequest(url, init, options, secrets),
    // Deprecated upstream to make it stand out; set only for a base checked to be loopback.
    [oauth.allowInsecureRequests]: server.insecure,
  };
}

/** What processing a token response needs. */
export interface TokenResponseContext {
  /**
   * The consumer secret that keys the response's `signature`; null for the JWT bearer flow,
   * which has no secret and whose answers carry neither `signature` nor `issued_at`.
   */
  clientSecret: string | null;
  allowInsecureLoopback: boolean;
  now: () => number;
  /** Secrets of this call (code, verifier, refresh token, client secret), never to be echoed. */
  secrets: readonly string[];
  /** What was being done, for messages: 'code exchange', 'token refresh'. */
  action: string;
}

/**
 * Runs a token-endpoint exchange: the request function gives a Response, oauth4webapi's process
 * function validates it as OAuth, then Salesforce's own fields are checked and the `signature`
 * verified. Every failure is an AppError classified by Salesforce's answer: 5xx → transient,
 * 429 → rate limited, `{error, error_description}` → {@link classifyTokenError}, anything else
 * (including a bad signature: `SALESFORCE_SIGNATURE_INVALID`) → `invalid_response`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
export async function exchangeTokens(
  request: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  context: TokenResponseContext,
): Promise<TokenSet> {
  const { secrets, action } = context;
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw salesforceFailure({ kind: 'invalid_request' }, `Salesforce ${action} was not sent`, {
      cause: error,
      secrets,
    });
  }
  if (response.status >= 500 || response.status === 429) {
    throw salesforceFailure(
      classifyApiError(response.status, null, null),
      `Salesforce ${action} failed: HTTP ${response.status}`,
      { status: response.status, secrets },
    );
  }
  let body: oauth.TokenEndpointResponse;
  try {
    body = await process(response);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      throw salesforceFailure(
        classifyTokenError(error.error, error.error_description),
        `Salesforce refused the ${action}`,
        {
          salesforceError: error.error,
          description: error.error_description ?? null,
          status: error.status,
          secrets,
        },
      );
    }
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      const challenge = error.cause[0]?.parameters;
      if (challenge?.error)
        throw salesforceFailure(
          classifyTokenError(challenge.error, challenge.error_description),
          `Salesforce refused the ${action}`,
          {
            salesforceError: challenge.error,
            description: challenge.error_description ?? null,
            status: error.status,
            secrets,
          },
        );
    }
    throw salesforceFailure(
      { kind: 'invalid_response' },
      `Salesforce's ${action} answer is not a valid token response`,
      { status: response.status, cause: error, secrets },
    );
  }
  return readTokenSet(body, response.status, context);
}

function badField(name: string, status: number, context: TokenResponseContext): AppError {
  return salesforceFailure(
    { kind: 'invalid_response' },
    `Salesforce's ${context.action} answer has no valid ${name}`,
    { status, secrets: context.secrets },
  );
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Salesforce's fields of a token response, checked; the signature verified first. */
function readTokenSet(
  body: oauth.TokenEndpointResponse,
  status: number,
  context: TokenResponseContext,
): TokenSet {
  const { id, issued_at: rawIssuedAt, signature, instance_url: instanceUrl } = body;
  if (typeof id !== 'string' || !URL.canParse(id)) throw badField('id', status, context);
  const issuedAt =
    rawIssuedAt === undefined && context.clientSecret === null
      ? String(context.now())
      : rawIssuedAt;
  if (typeof issuedAt !== 'string' || !/^\d{1,16}$/.test(issuedAt))
    throw badField('issued_at', status, context);
  if (context.clientSecret !== null) {
    if (typeof signature !== 'string') throw badField('signature', status, context);
    if (!verifyTokenSignature(context.clientSecret, id, issuedAt, signature)) {
      throw salesforceFailure(
        { kind: 'invalid_response' },
        `Salesforce's ${context.action} answer has a signature that does not match the client secret`,
        { status, secrets: context.secrets },
        ErrorCode.SALESFORCE_SIGNATURE_INVALID,
      );
    }
  }
  const identity = new URL(id);
  const [orgId, userId] = identity.pathname.split('/').filter(Boolean).slice(-2);
  if (!isPermittedUrl(identity, context.allowInsecureLoopback) || !orgId || !userId)
    throw badField('id', status, context);
  if (!ID_PATTERN.test(orgId) || !ID_PATTERN.test(userId)) throw badField('id', status, context);
  if (typeof instanceUrl !== 'string') throw badField('instance_url', status, context);
  let instanceBase: string;
  try {
    // The access token will be sent there: https only (or permitted loopback http).
    instanceBase = requireBaseUrl(
      instanceUrl,
      context.allowInsecureLoopback,
      'instance_url',
      ErrorCode.SALESFORCE_ERROR,
    );
  } catch {
    throw badField('instance_url', status, context);
  }
  const scope = typeof body.scope === 'string' ? body.scope : '';
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    instanceUrl: instanceBase,
    identityUrl: id,
    orgId,
    userId,
    issuedAt: Number(issuedAt),
    receivedAt: context.now(),
    scopes: scope.split(' ').filter(Boolean),
    signature: typeof signature === 'string' ? signature : null,
  };
}
