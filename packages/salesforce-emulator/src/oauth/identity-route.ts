import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { hostServesOrg } from '../http/hosts.ts';
import { JSON_TYPE } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { lookupSession } from '../http/session.ts';
import { normalizeId } from '../ids.ts';
import { presentedAccessToken, sendBadOAuthToken } from './bearer-token.ts';
import { identityDocument } from './identity-document.ts';
import { readParams } from './oauth-params.ts';
import { toXmlDocument } from './xml-document.ts';

/** Replaces `{version}` in the urls when the request names one (`version=58.0`). */
function withVersion(
  doc: Record<string, unknown>,
  version: string | undefined,
): Record<string, unknown> {
  if (!version || !/^\d{1,3}\.\d$/.test(version)) return doc;
  const urls = doc.urls as Record<string, string>;
  return {
    ...doc,
    urls: Object.fromEntries(
      Object.entries(urls).map(([k, v]) => [k, v.replace('{version}', version)]),
    ),
  };
}

/**
 * `GET|POST /id/{orgId}/{userId}`: the identity URL. Takes the token as a Bearer (or OAuth)
 * header or `oauth_token` parameter and answers JSON (default) or XML (`format=xml`). A bad,
 * expired or revoked token, or one whose user was deactivated, gets 403 `Bad_OAuth_Token`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
export function registerIdentityRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(app, emulator, ['GET', 'POST'], '/id/:orgId/:userId', 'auth', (request, reply, host) => {
    const found = lookupSession(emulator, presentedAccessToken(request));
    if (!found.ok || !hostServesOrg(host, found.org)) return sendBadOAuthToken(reply);
    const { org, session } = found;
    const { orgId, userId } = request.params as { orgId: string; userId: string };
    const text = (status: number, body: string) =>
      reply.code(status).header('content-type', 'text/plain;charset=UTF-8').send(body);
    if (normalizeId(orgId) !== org.id) return text(403, 'Bad_Id');
    const targetId = normalizeId(userId);
    const user = targetId ? emulator.findUser(org, targetId) : undefined;
    if (!user) return text(404, 'Bad_Id');
    const params = readParams(request, 'query');
    const doc = withVersion(identityDocument(emulator, org, user, session), params.version);
    const wantsXml =
      params.format === 'xml' ||
      (params.format === undefined &&
        /\b(application|text)\/xml\b/.test(request.headers.accept ?? ''));
    if (wantsXml) {
      return reply
        .code(200)
        .header('content-type', 'application/xml;charset=UTF-8')
        .send(toXmlDocument('user', doc));
    }
    return reply.code(200).header('content-type', JSON_TYPE).send(JSON.stringify(doc));
  });
}
