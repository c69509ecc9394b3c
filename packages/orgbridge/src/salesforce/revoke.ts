import { classifyApiError } from './classify.ts';
import type { SalesforceHttpOptions } from './http-options.ts';
import { salesforceFailure } from './salesforce-failure.ts';
import { sendRequest } from './send-request.ts';
import { authorizationServer } from './token-endpoint.ts';

/** Input of {@link revokeToken}. */
export interface RevokeTokenOptions extends SalesforceHttpOptions {
  /** The login base URL (login host or My Domain). */
  baseUrl: string;
  /** A refresh token (revokes the whole grant and its access tokens) or an access token. */
  token: string;
}

/** `revoked`: Salesforce revoked it now. `already_invalid`: it was revoked, expired or unknown. */
export type RevokeResult = 'revoked' | 'already_invalid';

/**
 * Revokes a token at Salesforce (`POST /services/oauth2/revoke`, form `token=`). 200 means
 * revoked; 400 `invalid_token` (already revoked or expired) and `unsupported_token_type` (not a
 * token this org knows) both mean the token no longer works, which is what revoking is for.
 * Fails with `SALESFORCE_UNAVAILABLE` (5xx, timeout, network), `SALESFORCE_LIMIT_EXCEEDED`
 * (429) or `SALESFORCE_ERROR` for any other answer.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
 */
export async function revokeToken(options: RevokeTokenOptions): Promise<RevokeResult> {
  const server = authorizationServer(options.baseUrl, options.allowInsecureLoopback ?? false);
  const secrets = [options.token];
  const response = await sendRequest(
    `${server.baseUrl}/services/oauth2/revoke`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ token: options.token }).toString(),
    },
    options,
    secrets,
  );
  if (response.status === 200) return 'revoked';
  const error = await readRevokeError(response);
  if (response.status === 400 && (error === 'invalid_token' || error === 'unsupported_token_type'))
    return 'already_invalid';
  throw salesforceFailure(
    response.status >= 500 || response.status === 429
      ? classifyApiError(response.status, null, null)
      : { kind: 'invalid_response' },
    `Salesforce token revocation failed: HTTP ${response.status}`,
    { status: response.status, salesforceError: error, secrets },
  );
}

/** The `error` of a revoke failure: JSON when asked for, form-encoded otherwise. */
async function readRevokeError(response: Response): Promise<string | null> {
  const text = await response.text();
  try {
    const json = JSON.parse(text) as unknown;
    if (json !== null && typeof json === 'object' && 'error' in json)
      return typeof json.error === 'string' ? json.error : null;
  } catch {
    // Not JSON: Salesforce's revoke errors are form-encoded unless JSON is asked for.
  }
  return new URLSearchParams(text).get('error');
}
