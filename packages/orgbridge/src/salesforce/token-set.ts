/**
 * What one successful token response grants, verified (signature checked, URLs permitted).
 * Salesforce sends no `expires_in`: the access token lives as long as the org's session timeout
 * and is used until Salesforce answers `INVALID_SESSION_ID`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export interface TokenSet {
  /** The access token (`00D…!AQ…`). A secret. */
  accessToken: string;
  /**
   * The refresh token: from a code exchange when the `refresh_token` scope was granted; from a
   * refresh only when Salesforce rotated it (then the old one is dead). Null otherwise. A secret.
   */
  refreshToken: string | null;
  /** The org's instance (My Domain) URL, without trailing slash; may change on refresh. */
  instanceUrl: string;
  /** The identity URL (`…/id/{orgId}/{userId}`), on the login host of the org's kind. */
  identityUrl: string;
  /** The 18-character org id, from the identity URL. */
  orgId: string;
  /** The 18-character user id, from the identity URL. */
  userId: string;
  /** When Salesforce issued the token, epoch milliseconds on Salesforce's clock. */
  issuedAt: number;
  /** When orgbridge received the token, epoch milliseconds on orgbridge's (injected) clock. */
  receivedAt: number;
  /** The granted scopes; empty when Salesforce left `scope` out (older orgs do). */
  scopes: string[];
  /**
   * Salesforce's `signature` (Base64 HMAC-SHA256 of `id + issued_at`), already verified; null
   * for the JWT bearer flow, which has no consumer secret to key it.
   */
  signature: string | null;
}
