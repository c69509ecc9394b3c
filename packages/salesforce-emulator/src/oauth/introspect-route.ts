import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { JSON_TYPE, sendOAuthError } from '../http/responses.ts';
import { onHosts } from '../http/routing.ts';
import { lookupSession } from '../http/session.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import { authenticateClient } from './client-auth.ts';
import { findGrantByRefreshToken, isGrantLive, refreshPolicyExpiresAt } from './grant-store.ts';
import { OAuthError, missingParameter } from './oauth-error.ts';
import { readParams } from './oauth-params.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);

function introspectAccessToken(
  emulator: Emulator,
  app: ConnectedApp,
  token: string,
): Record<string, unknown> | null {
  const found = lookupSession(emulator, token, false);
  if (!found.ok || found.session.appId !== app.id) return null;
  const { session, org, user } = found;
  const iat = seconds(session.issuedAt);
  return {
    active: true,
    scope: session.scopes.join(' '),
    client_id: app.consumerKey,
    username: user.Username,
    sub: emulator.identityUrl(org, user.Id),
    token_type: 'access_token',
    exp: seconds(session.lastActivityAt + org.settings.sessionTimeoutMs),
    iat,
    nbf: iat,
  };
}

function introspectRefreshToken(
  emulator: Emulator,
  app: ConnectedApp,
  token: string,
): Record<string, unknown> | null {
  const found = findGrantByRefreshToken(emulator, token);
  if (!found?.current || found.grant.appId !== app.id || !isGrantLive(emulator, found.grant))
    return null;
  const { grant } = found;
  const org = emulator.orgs.get(grant.orgId);
  const user = org ? emulator.findUser(org, grant.userId) : undefined;
  if (!org || !user || user.IsActive !== true) return null;
  const iat = seconds(grant.createdAt);
  const expiresAt = refreshPolicyExpiresAt(app, grant);
  const body: Record<string, unknown> = {
    active: true,
    scope: grant.scopes.join(' '),
    client_id: app.consumerKey,
    username: user.Username,
    sub: emulator.identityUrl(org, user.Id),
    token_type: 'refresh_token',
  };
  if (expiresAt !== null) body.exp = seconds(expiresAt);
  body.iat = iat;
  body.nbf = iat;
  return body;
}

/**
 * `POST /services/oauth2/introspect`: whether a token the calling app holds is live. The app
 * authenticates with its key and secret; tokens of other apps, and dead tokens, are
 * `{"active":false}`. Times are epoch seconds and `token_type` is `access_token` or
 * `refresh_token`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oidc_token_introspection_endpoint.htm
 */
export function registerIntrospectRoute(app: FastifyInstance, emulator: Emulator): void {
  onHosts(app, emulator, 'POST', '/services/oauth2/introspect', 'auth', (request, reply) => {
    const params = readParams(request);
    try {
      const { app: client } = authenticateClient(emulator, request, params, 'required');
      const token = params.token;
      if (!token) throw missingParameter('token');
      const order =
        params.token_type_hint === 'refresh_token'
          ? [introspectRefreshToken, introspectAccessToken]
          : [introspectAccessToken, introspectRefreshToken];
      const body = order.map((f) => f(emulator, client, token)).find((b) => b !== null) ?? {
        active: false,
      };
      return reply.code(200).header('content-type', JSON_TYPE).send(JSON.stringify(body));
    } catch (error) {
      if (error instanceof OAuthError)
        return sendOAuthError(reply, error.error, error.description, error.status);
      throw error;
    }
  });
}
