/**
 * One approval of an app by a user: what Salesforce lists under the user's "OAuth Connected Apps".
 * A refresh token belongs to exactly one grant; revoking the grant revokes its access tokens.
 */
export interface Grant {
  id: string;
  orgId: string;
  userId: string;
  appId: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number;
  /** The refresh token currently valid for this grant. */
  refreshToken: string;
  /** Refresh tokens rotated out of this grant; presenting one again is reuse and revokes the grant. */
  rotatedOut: string[];
  revokedAt: number | null;
  /** Why it was revoked (for the control API and tests): `user`, `admin`, `approval_limit`, `reuse`, `policy`. */
  revokedReason: string | null;
}

/** An access token (or SOAP session id). */
export interface AccessSession {
  token: string;
  orgId: string;
  userId: string;
  /** Null for SOAP sessions, which no connected app issued. */
  appId: string | null;
  grantId: string | null;
  scopes: string[];
  issuedAt: number;
  lastActivityAt: number;
  revokedAt: number | null;
  kind: 'oauth' | 'soap';
}

/** A one-time authorization code from the web-server flow. */
export interface AuthorizationCode {
  code: string;
  orgId: string;
  userId: string;
  appId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
  nonce: string | null;
  /** The host the user logged in at; the identity URL's host follows it. */
  loginHost: string;
  expiresAt: number;
  usedAt: number | null;
}

/** A browser login at the emulated login page (the `sid` cookie). */
export interface LoginSession {
  id: string;
  orgId: string;
  userId: string;
  hostname: string;
  createdAt: number;
}
