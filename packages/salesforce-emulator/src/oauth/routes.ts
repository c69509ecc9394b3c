import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { registerAuthorizeRoute } from './authorize-route.ts';
import { registerDiscoveryRoutes } from './discovery-routes.ts';
import { registerIdentityRoute } from './identity-route.ts';
import { registerIntrospectRoute } from './introspect-route.ts';
import { registerRevokeRoute } from './revoke-route.ts';
import { registerSoapLoginRoute } from './soap/soap-login-route.ts';
import { registerTokenRoute } from './token-route.ts';
import { registerUserInfoRoute } from './userinfo-route.ts';

/**
 * Registers the identity side of the emulated Salesforce on every login host, My Domain and the
 * pod: OAuth 2.0 (authorize, token, revoke, introspect, userinfo), OpenID Connect discovery and
 * keys, identity URLs, and the SOAP `login()` call.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
 */
export function registerOAuthRoutes(app: FastifyInstance, emulator: Emulator): void {
  registerAuthorizeRoute(app, emulator);
  registerTokenRoute(app, emulator);
  registerRevokeRoute(app, emulator);
  registerIntrospectRoute(app, emulator);
  registerUserInfoRoute(app, emulator);
  registerIdentityRoute(app, emulator);
  registerDiscoveryRoutes(app, emulator);
  registerSoapLoginRoute(app, emulator);
}
