import { randomBase62 } from '../ids.ts';
import type { Org } from '../model/org.ts';

// Shapes as Salesforce issues them; clients and log scrubbers recognise tokens by them.

/** An access token or session id: the 15-character org id, `!AQ`, then random text. */
export function newAccessToken(org: Org): string {
  return `${org.id.slice(0, 15)}!AQ${randomBase62(96)}`;
}

/** A refresh token: `5Aep861` then random text. */
export function newRefreshToken(): string {
  return `5Aep861${randomBase62(80)}`;
}

/** An authorization code: `aPrx`, random text, and the trailing `==` seen URL-encoded in callbacks. */
export function newAuthorizationCode(): string {
  return `aPrx${randomBase62(76)}==`;
}
