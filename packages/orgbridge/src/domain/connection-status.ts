/**
 * Connection lifecycle vocabulary (DESIGN §3). Glossary:
 * - `pending`: created, waiting for the admin to authorize at Salesforce.
 * - `active`: the grant works.
 * - `degraded`: the grant is fine but Salesforce is not answering well (5xx, timeouts, limits).
 * - `needs_reauth`: Salesforce refused the grant; a person must re-authorize. Always has a reason.
 * - `disabled`: stopped on purpose; the grant is kept.
 */
export const CONNECTION_STATUSES = [
  'pending',
  'active',
  'degraded',
  'needs_reauth',
  'disabled',
] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * Why a connection needs re-authorization. Each comes from Salesforce's own answer (or, for
 * `token_limit_exceeded`, from orgbridge's record of which connections share a user and app).
 */
export const REAUTH_REASONS = [
  /** `invalid_grant` "expired access/refresh token": revoked by a person, an admin or a policy. */
  'refresh_token_revoked',
  /** A sixth approval of the same app by the same user evicted this one. */
  'token_limit_exceeded',
  /** `invalid_grant` "inactive user": the user was deactivated (often: left the company). */
  'user_inactive',
  /** INVALID_OPERATION_WITH_EXPIRED_PASSWORD: the user must set a new password. */
  'password_expired',
  /** The app is not approved for the user (admin-approved apps, JWT without pre-authorization). */
  'app_not_approved',
  /** The connected app no longer exists or was uninstalled (`invalid_client_id`). */
  'app_uninstalled',
  /** Re-authorization landed on another org; the old grant was kept. */
  'org_mismatch',
  /** Username, password, security token, client secret or key no longer accepted. */
  'credentials_invalid',
] as const;
export type ReauthReason = (typeof REAUTH_REASONS)[number];

/**
 * Why a connection is degraded: it works, but not fully. Transient trouble that never needs a
 * person, or a missing permission that needs an admin in Salesforce (never a re-authorization).
 */
export const DEGRADED_REASONS = [
  'salesforce_unavailable',
  'api_limit_exceeded',
  'network_error',
  'timeout',
  /** "IP restricted or invalid login hours": fixed by time or by an admin, never by re-authorizing. */
  'login_restricted',
  /**
   * A permission the integration requires is missing. The grant works, so this is not
   * `needs_reauth` (re-authorizing would not add the permission); an admin must grant it in
   * Salesforce, and the next permission check restores the connection.
   */
  'permissions_missing',
] as const;
export type DegradedReason = (typeof DEGRADED_REASONS)[number];

export type StatusReason = ReauthReason | DegradedReason;

/** A connection's lifecycle state as stored. */
export interface ConnectionState {
  status: ConnectionStatus;
  /** Set for `needs_reauth` and `degraded`; null otherwise. */
  reason: StatusReason | null;
  /** While `disabled`: the status to re-check on enable. Null otherwise. */
  statusBeforeDisable: Exclude<ConnectionStatus, 'disabled'> | null;
}

/** Plain-words explanations of each reason, for the page, emails and API messages. */
export const REASON_TEXT: Record<StatusReason, string> = {
  refresh_token_revoked:
    'Salesforce revoked access (a person or an admin revoked the app, or a token policy expired it).',
  token_limit_exceeded:
    'The same Salesforce user authorized this app a sixth time, and Salesforce revoked this connection’s access to keep five.',
  user_inactive: 'The Salesforce user who authorized this connection has been deactivated.',
  password_expired: 'The Salesforce user’s password has expired and must be changed.',
  app_not_approved: 'The connected app is not approved for this Salesforce user.',
  app_uninstalled: 'The connected app was removed or uninstalled from Salesforce.',
  org_mismatch:
    'Re-authorization signed in to a different Salesforce org; the previous access was kept.',
  credentials_invalid: 'Salesforce no longer accepts the stored credentials.',
  salesforce_unavailable: 'Salesforce is not responding normally; orgbridge keeps retrying.',
  api_limit_exceeded:
    'The org has used its daily API request allowance; work resumes when it returns.',
  network_error: 'Salesforce could not be reached; orgbridge keeps retrying.',
  permissions_missing:
    'A permission this integration requires is missing in Salesforce; an admin must grant it (see the permission report).',
  timeout: 'Salesforce did not answer in time; orgbridge keeps retrying.',
  login_restricted:
    'Salesforce refused the login because of the profile’s login hours or IP ranges; it resumes when they allow it.',
};
