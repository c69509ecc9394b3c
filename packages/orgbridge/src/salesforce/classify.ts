/**
 * Salesforce's answers mapped to the outcomes of the connection lifecycle (DESIGN §3).
 * Glossary of outcome kinds:
 * - `needs_reauth`: Salesforce refused the grant itself; a person must act. Always has a reason.
 * - `session_expired`: the access token no longer works (`INVALID_SESSION_ID`,
 *   `Bad_OAuth_Token`); the caller refreshes once and retries once.
 * - `rate_limited`: a Salesforce budget is spent (`REQUEST_LIMIT_EXCEEDED`, HTTP 429, too many
 *   logins); transient, work pauses until the budget returns.
 * - `transient`: Salesforce or the network misbehaved (5xx, timeout, dropped connection), or a
 *   login restriction that lifts without anyone re-authorizing. Never `needs_reauth`.
 * - `access_denied`: the grant works but lacks an org, user or scope permission for this call.
 * - `invalid_request`: Salesforce refused this request as malformed or not applicable (a bad
 *   query, a used authorization code, a misconfigured redirect URI); says nothing about health.
 * - `invalid_response`: the answer does not follow Salesforce's protocol (bad signature,
 *   missing fields, unexpected status); never accepted.
 *
 * `token_limit_exceeded` is deliberately absent: Salesforce answers a sixth-approval eviction
 * with the same "expired access/refresh token" as any revocation, so only the connections layer,
 * which knows which of its connections share a user and app, can tell the two apart.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */

/** The `needs_reauth` reasons Salesforce's own answer can prove (a subset of the domain's). */
export type SalesforceReauthReason =
  | 'refresh_token_revoked'
  | 'user_inactive'
  | 'password_expired'
  | 'app_not_approved'
  | 'app_uninstalled'
  | 'credentials_invalid';

/**
 * Why a failure is transient. `login_restricted` is Salesforce's "IP restricted or invalid login
 * hours": the profile's login hours or IP ranges exclude orgbridge right now. It is transient on
 * purpose: login hours reopen by themselves, and an IP restriction is fixed by an admin changing
 * the profile, not by anyone re-authorizing (the new login would be refused the same way), so
 * sending a person to re-authorize would be wrong. The connection shows as degraded with this
 * reason and keeps retrying with backoff.
 */
export type TransientReason =
  'network_error' | 'timeout' | 'salesforce_unavailable' | 'login_restricted';

/** What a Salesforce failure means for the connection; see the module glossary. */
export type SalesforceOutcome =
  | { kind: 'needs_reauth'; reason: SalesforceReauthReason }
  | { kind: 'session_expired' }
  | { kind: 'rate_limited' }
  | { kind: 'transient'; reason: TransientReason }
  | { kind: 'access_denied' }
  | { kind: 'invalid_request' }
  | { kind: 'invalid_response' };

/** The outcomes a token, authorize or revoke endpoint error can have. */
export type TokenErrorOutcome = Extract<
  SalesforceOutcome,
  { kind: 'needs_reauth' | 'transient' | 'rate_limited' | 'invalid_request' }
>;

const reauth = (reason: SalesforceReauthReason): TokenErrorOutcome => ({
  kind: 'needs_reauth',
  reason,
});
const INVALID_REQUEST = { kind: 'invalid_request' } as const;

/**
 * Classifies an OAuth error (`{ error, error_description }` from `/services/oauth2/token`, or the
 * `error` parameter of an authorization callback) by Salesforce's exact texts:
 * - `invalid_grant` "expired access/refresh token" → `needs_reauth`/`refresh_token_revoked`
 *   (revoked, expired by policy, rotated out, or evicted by a sixth approval: see module note);
 * - `invalid_grant` "inactive user", or `inactive_user` → `user_inactive`;
 * - `invalid_grant` "user hasn't approved this consumer", `invalid_app_access`
 *   "user is not admin approved…" → `app_not_approved`;
 * - `invalid_client_id` "client identifier invalid" → `app_uninstalled`;
 * - `invalid_grant` "authentication failure", "no client credentials user enabled",
 *   `invalid_client` "invalid client credentials" → `credentials_invalid`;
 * - `invalid_grant` "IP restricted or invalid login hours" → `transient`/`login_restricted`
 *   (see {@link TransientReason});
 * - `rate_limit_exceeded` → `rate_limited`; `unknown_error`, `server_error`,
 *   `temporarily_unavailable` → `transient`;
 * - anything else (used or expired codes, PKCE mismatch, redirect URI mismatch, unsupported
 *   grant) → `invalid_request`. Unknown texts are never guessed into a reason.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
export function classifyTokenError(
  error: string,
  errorDescription: string | null | undefined,
): TokenErrorOutcome {
  const description = (errorDescription ?? '').toLowerCase();
  switch (error) {
    case 'invalid_grant':
      if (description.includes('expired access/refresh token'))
        return reauth('refresh_token_revoked');
      if (description.includes('inactive user')) return reauth('user_inactive');
      if (description.includes("hasn't approved this consumer")) return reauth('app_not_approved');
      if (description.startsWith('authentication failure')) return reauth('credentials_invalid');
      // Client-credentials flow: the app's run-as user was removed; an admin must set one again.
      if (description.includes('no client credentials user enabled'))
        return reauth('credentials_invalid');
      if (description.includes('ip restricted') || description.includes('invalid login hours'))
        return { kind: 'transient', reason: 'login_restricted' };
      return INVALID_REQUEST;
    case 'inactive_user':
      return reauth('user_inactive');
    case 'invalid_app_access':
      return reauth('app_not_approved');
    case 'invalid_client_id':
      return reauth('app_uninstalled');
    case 'invalid_client':
      return reauth('credentials_invalid');
    case 'rate_limit_exceeded':
      return { kind: 'rate_limited' };
    case 'unknown_error':
    case 'server_error':
    case 'temporarily_unavailable':
      return { kind: 'transient', reason: 'salesforce_unavailable' };
    default:
      return INVALID_REQUEST;
  }
}

/** REST error codes that mean the user, org or token lacks a permission for the call. */
const ACCESS_CODES = new Set([
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'FUNCTIONALITY_NOT_ENABLED',
]);

/**
 * Classifies a REST or Bulk API failure from its HTTP status and the first entry of Salesforce's
 * error array (`[{ message, errorCode }]`):
 * - `INVALID_OPERATION_WITH_EXPIRED_PASSWORD` (401) → `needs_reauth`/`password_expired`. It is
 *   checked before any other 401 because treating it as an expired session makes clients
 *   refresh in a loop (jsforce does);
 * - `INVALID_SESSION_ID` → `session_expired`, except "This session is not valid for use with the
 *   REST API" (the grant lacks the `api` scope) → `access_denied`, which no refresh cures;
 * - `REQUEST_LIMIT_EXCEEDED`, HTTP 429 → `rate_limited`;
 * - HTTP 5xx → `transient`/`salesforce_unavailable`;
 * - `API_DISABLED_FOR_ORG`, `API_CURRENTLY_DISABLED`, `INSUFFICIENT_ACCESS…`, other 403s →
 *   `access_denied`;
 * - `INVALID_AUTH_HEADER` → `invalid_request`; any other 401 → `session_expired` (the caller
 *   retries only once, so this cannot loop);
 * - everything else → `invalid_request`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export function classifyApiError(
  status: number,
  errorCode: string | null,
  message: string | null,
): SalesforceOutcome {
  if (errorCode === 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD') return reauth('password_expired');
  if (errorCode === 'INVALID_SESSION_ID') {
    return /not valid for use with the REST API/i.test(message ?? '')
      ? { kind: 'access_denied' }
      : { kind: 'session_expired' };
  }
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED' || status === 429) return { kind: 'rate_limited' };
  if (status >= 500) return { kind: 'transient', reason: 'salesforce_unavailable' };
  if (errorCode !== null && ACCESS_CODES.has(errorCode)) return { kind: 'access_denied' };
  if (status === 403) return { kind: 'access_denied' };
  if (status === 401 && errorCode !== 'INVALID_AUTH_HEADER') return { kind: 'session_expired' };
  return INVALID_REQUEST;
}

/**
 * Classifies a failure to get any answer: a timeout (`AbortSignal.timeout`, anywhere in the
 * cause chain) → `transient`/`timeout`; anything else (refused, reset, dropped, DNS) →
 * `transient`/`network_error`.
 */
export function classifyNetworkError(
  error: unknown,
): Extract<SalesforceOutcome, { kind: 'transient' }> {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e.name === 'TimeoutError') return { kind: 'transient', reason: 'timeout' };
    e = e.cause;
  }
  return { kind: 'transient', reason: 'network_error' };
}
