import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { onHosts } from '../http/routing.ts';
import { lookupSession } from '../http/session.ts';
import { revokeGrant } from '../security/revocation.ts';
import { findGrantByRefreshToken } from './grant-store.ts';
import { readParams } from './oauth-params.ts';

/**
 * A revoke failure. Salesforce sends it form-encoded (`error=…&error_description=…`), which is
 * what jsforce's `revokeToken` parses; a client asking for JSON gets JSON.
 */
function sendRevokeError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: string,
  description: string,
): FastifyReply {
  reply.code(400).header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private');
  if (/application\/json/.test(request.headers.accept ?? '')) {
    return reply
      .header('content-type', 'application/json;charset=UTF-8')
      .send(JSON.stringify({ error, error_description: description }));
  }
  return reply
    .header('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    .send(
      `error=${encodeURIComponent(error)}&error_description=${encodeURIComponent(description)}`,
    );
}

/**
 * Revokes what a token stands for: a refresh token ends its whole approval (and every access
 * token issued from it); an access token or session id ends only itself.
 * Returns false when the token is unknown, and 'dead' when it no longer worked anyway.
 */
function revokeToken(emulator: Emulator, token: string): true | false | 'dead' {
  const byRefresh = findGrantByRefreshToken(emulator, token);
  if (byRefresh) {
    if (byRefresh.grant.revokedAt !== null) return 'dead';
    revokeGrant(emulator, byRefresh.grant.id, 'user');
    return true;
  }
  const session = emulator.sessions.get(token);
  if (!session) return false;
  if (!lookupSession(emulator, token, false).ok) return 'dead';
  session.revokedAt = emulator.clock.now();
  return true;
}

/**
 * `POST /services/oauth2/revoke` (form `token=`) and `GET ?token=`: 200 with an empty body on
 * success, 400 `unsupported_token_type` for a token the org never issued and `invalid_token`
 * for one that is already revoked or expired.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
 */
export function registerRevokeRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(app, emulator, ['GET', 'POST'], '/services/oauth2/revoke', 'auth', (request, reply) => {
    const token = readParams(request).token;
    const outcome = token ? revokeToken(emulator, token) : false;
    if (outcome === true) return reply.code(200).header('content-length', '0').send();
    if (outcome === 'dead')
      return sendRevokeError(request, reply, 'invalid_token', 'invalid token');
    return sendRevokeError(
      request,
      reply,
      'unsupported_token_type',
      'this token type is not supported',
    );
  });
}
