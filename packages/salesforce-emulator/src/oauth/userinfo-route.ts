import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { hostServesOrg } from '../http/hosts.ts';
import { JSON_TYPE } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { lookupSession } from '../http/session.ts';
import { presentedAccessToken, sendBadOAuthToken } from './bearer-token.ts';
import { userInfoDocument } from './identity-document.ts';

/** The profile of Salesforce Integration users (the API-only integration license). */
const INTEGRATION_PROFILE = 'Minimum Access - API Only Integrations';

/**
 * `GET|POST /services/oauth2/userinfo`: the token's user as OpenID Connect claims. A bad token
 * gets the identity service's 403 `Bad_OAuth_Token`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm
 */
export function registerUserInfoRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(
    app,
    emulator,
    ['GET', 'POST'],
    '/services/oauth2/userinfo',
    'auth',
    (request, reply, host) => {
      const found = lookupSession(emulator, presentedAccessToken(request));
      if (!found.ok || !hostServesOrg(host, found.org)) return sendBadOAuthToken(reply);
      const { org, user, session } = found;
      const profile = org.tables.get('Profile')?.rows.get(String(user.ProfileId));
      const doc = userInfoDocument(
        emulator,
        org,
        user,
        session,
        profile?.Name === INTEGRATION_PROFILE,
      );
      return reply.code(200).header('content-type', JSON_TYPE).send(JSON.stringify(doc));
    },
  );
}
