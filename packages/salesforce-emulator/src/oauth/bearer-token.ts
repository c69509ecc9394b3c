import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenFromAuthorization } from '../http/session.ts';
import { readParams } from './oauth-params.ts';

/**
 * The access token an identity-service request presents: `Authorization: Bearer|OAuth <t>`, or
 * else the `oauth_token` (or `access_token`) parameter in the query or form body, which jsforce
 * and older clients use. Null when none is given.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
export function presentedAccessToken(request: FastifyRequest): string | null {
  const fromHeader = tokenFromAuthorization(request.headers.authorization);
  if (fromHeader) return fromHeader;
  const params = readParams(request, 'query');
  return params.oauth_token || params.access_token || null;
}

/** The identity service's answer to a missing, bad, expired or revoked token: 403 `Bad_OAuth_Token`. */
export function sendBadOAuthToken(reply: FastifyReply): FastifyReply {
  return reply.code(403).header('content-type', 'text/plain;charset=UTF-8').send('Bad_OAuth_Token');
}
