import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { JSON_TYPE, sendOAuthError } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { authorizationCodeGrant } from './grants/authorization-code-grant.ts';
import { clientCredentialsGrant } from './grants/client-credentials-grant.ts';
import type { GrantHandler } from './grants/grant-context.ts';
import { JWT_BEARER_GRANT, jwtBearerGrant } from './grants/jwt-bearer-grant.ts';
import { passwordGrant } from './grants/password-grant.ts';
import { refreshTokenGrant } from './grants/refresh-token-grant.ts';
import { OAuthError, unsupportedGrantType } from './oauth-error.ts';
import { readParams } from './oauth-params.ts';

const GRANTS: Record<string, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  [JWT_BEARER_GRANT]: jwtBearerGrant,
  client_credentials: clientCredentialsGrant,
};

/**
 * `POST /services/oauth2/token` on every login host, My Domain and the pod. Parameters come from
 * the form body or the query string; failures are `400 {error, error_description}`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
 */
export function registerTokenRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(app, emulator, 'POST', '/services/oauth2/token', 'auth', async (request, reply, host) => {
    const params = readParams(request);
    const grantType = params.grant_type ?? '';
    const handler = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
    try {
      if (!handler) throw unsupportedGrantType();
      const body = await handler({ emulator, request, host, params });
      return reply
        .code(200)
        .header('content-type', JSON_TYPE)
        .header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private')
        .send(JSON.stringify(body));
    } catch (error) {
      if (error instanceof OAuthError) {
        return sendOAuthError(reply, error.error, error.description, error.status);
      }
      throw error;
    }
  });
}
