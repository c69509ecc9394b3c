/**
 * A token-endpoint failure, rendered as `{ error, error_description }` with HTTP 400.
 * Grant handlers throw it; the token route renders it once.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
export class OAuthError extends Error {
  readonly error: string;
  readonly description: string;
  readonly status: number;

  constructor(error: string, description: string, status = 400) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.error = error;
    this.description = description;
    this.status = status;
  }
}

// Salesforce's exact texts follow; clients match on them (restforce, simple-salesforce, the product).

/** Bad username, password or token, or a blocked username-password flow. */
export const authenticationFailure = (): OAuthError =>
  new OAuthError('invalid_grant', 'authentication failure');
/** A revoked, evicted, policy-expired or rotated-out refresh token. */
export const expiredRefreshToken = (): OAuthError =>
  new OAuthError('invalid_grant', 'expired access/refresh token');
/** The user was deactivated. */
export const inactiveUser = (): OAuthError => new OAuthError('invalid_grant', 'inactive user');
/** Outside the profile's login hours or IP ranges. */
export const loginHoursRestricted = (): OAuthError =>
  new OAuthError('invalid_grant', 'IP restricted or invalid login hours');
/** JWT bearer flow without pre-authorization or an approval with a refresh token. */
export const notApproved = (): OAuthError =>
  new OAuthError('invalid_grant', "user hasn't approved this consumer");
/** Unknown or missing consumer key. */
export const invalidClientId = (): OAuthError =>
  new OAuthError('invalid_client_id', 'client identifier invalid');
/** Wrong or missing consumer secret. */
export const invalidClient = (): OAuthError =>
  new OAuthError('invalid_client', 'invalid client credentials');
/** The redirect URI differs from the one the code was issued for. */
export const redirectUriMismatch = (): OAuthError =>
  new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
/** Missing or unknown `grant_type`. */
export const unsupportedGrantType = (): OAuthError =>
  new OAuthError('unsupported_grant_type', 'grant type not supported');
/** An admin-approved app used by a user who is not pre-authorized. */
export const notAdminApproved = (): OAuthError =>
  new OAuthError('invalid_app_access', 'user is not admin approved to access this app');
/** A required parameter is missing. */
export const missingParameter = (name: string): OAuthError =>
  new OAuthError('invalid_request', `missing required parameter: ${name}`);
