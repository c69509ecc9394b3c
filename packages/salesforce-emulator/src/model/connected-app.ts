/** How long refresh tokens of an app live (the connected app's "Refresh Token Policy"). */
export type RefreshTokenPolicy =
  | { kind: 'until_revoked' }
  | { kind: 'expire_after'; ms: number }
  | { kind: 'expire_if_unused'; ms: number };

/** Which approval the sixth one evicts. Salesforce documents the least recently used; some orgs see the oldest. */
export type ApprovalEviction = 'least_recently_used' | 'oldest';

/**
 * A connected app (or external client app). Apps are global to the emulator, as a packaged app
 * is usable from any org; per-org settings (pre-authorization, client-credentials run-as user)
 * are keyed by org id.
 */
export interface ConnectedApp {
  id: string;
  name: string;
  consumerKey: string;
  consumerSecret: string;
  callbackUrls: string[];
  /** Scopes the app may be granted; a request for others gets `invalid_scope`. */
  scopes: string[];
  /** PEM certificate (or SPKI public key) that JWT bearer assertions must be signed with. */
  certificatePem: string | null;
  /** "Admin approved users are pre-authorized" instead of "All users may self-authorize". */
  adminApprovedOnly: boolean;
  /** Refresh requests must carry the consumer secret. */
  requireSecretForRefresh: boolean;
  /** Require PKCE on the web-server flow. */
  requirePkce: boolean;
  refreshTokenPolicy: RefreshTokenPolicy;
  /** Issue a new refresh token on every refresh; reusing a rotated-out token revokes the grant. */
  rotateRefreshTokens: boolean;
  approvalEviction: ApprovalEviction;
  /** Approvals a user may hold for this app before the next evicts one (Salesforce: 5). */
  maxApprovalsPerUser: number;
  /** org id → usernames pre-authorized (admin approval via profile or permission set). */
  preAuthorizedUsers: Record<string, string[]>;
  /** org id → run-as user id of the client-credentials flow. */
  clientCredentialsUser: Record<string, string>;
  /** Whether the app's policy relaxes IP restrictions (then password flow needs no security token). */
  relaxIpRestrictions: boolean;
}
