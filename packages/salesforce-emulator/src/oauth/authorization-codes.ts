import type { Emulator } from '../emulator.ts';
import type { Host } from '../http/hosts.ts';
import type { AuthorizationCode } from '../model/grants.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { newAuthorizationCode } from './token-format.ts';

/** Authorization codes expire 15 minutes after they are issued. */
export const CODE_LIFETIME_MS = 15 * 60 * 1000;

// Expired codes are kept a day so late exchanges learn "expired" rather than "invalid".
const CODE_RETENTION_MS = 24 * 3600 * 1000;

/**
 * Issues a one-time authorization code bound to the app, redirect URI, PKCE challenge and
 * the approving user.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function issueAuthorizationCode(
  emulator: Emulator,
  host: Host,
  request: AuthorizeRequest,
  orgId: string,
  userId: string,
): AuthorizationCode {
  const now = emulator.clock.now();
  for (const [key, old] of emulator.codes) {
    if (old.expiresAt + CODE_RETENTION_MS < now) emulator.codes.delete(key);
  }
  const code: AuthorizationCode = {
    code: newAuthorizationCode(),
    orgId,
    userId,
    appId: request.app.id,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    nonce: request.nonce,
    loginHost: host.hostname ?? '',
    expiresAt: now + CODE_LIFETIME_MS,
    usedAt: null,
  };
  emulator.codes.set(code.code, code);
  return code;
}
