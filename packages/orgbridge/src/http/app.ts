import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { ConnectionsContext } from '../connections/connections-context.ts';
import type { OrgbridgeMetrics } from '../metrics/metrics.ts';
import type { TokenService } from '../connections/token-service.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { Principal, WorkspaceService } from '../workspaces/workspace-service.ts';
import { authenticate, linkMayCall } from './authenticate.ts';
import { registerPageAssets } from './page-assets.ts';
import { registerPageRoutes } from './routes/page.ts';
import { PageLinks } from '../workspaces/page-links.ts';
import { installErrorHandler, sendError } from './error-handler.ts';
import { rejectNulCharacters } from './reject-nul.ts';
import { registerConnectionHealthRoutes } from './routes/connection-health.ts';
import { registerPermissionRoutes } from './routes/permissions.ts';
import { registerSyncRoutes } from './routes/sync.ts';
import { registerWriteRoutes } from './routes/writes.ts';
import { registerAccessTokenRoutes } from './routes/access-token.ts';
import { registerConnectionRoutes } from './routes/connections.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { registerOAuthCallbackRoute } from './routes/oauth-callback.ts';
import { registerProxyRoutes } from './routes/proxy.ts';
import { registerWorkspaceRoutes } from './routes/workspaces.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { registerNotificationSettingsRoutes } from './routes/notification-settings.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller of an `/api/v1` route. */
    principal: Principal | null;
  }
}

/** What the HTTP layer calls. It grows with each capability; http/ holds no business logic. */
export interface AppServices {
  adminApiKey: string | null;
  workspaces: WorkspaceService;
  /** Where unexpected errors are reported (never with secrets: they are AppErrors by then). */
  logError?: (error: unknown) => void;
  /**
   * What the connection services share (database, vault, configuration, edges). With `tokens`,
   * it serves connections, access tokens, the proxy, events, webhooks, notification settings and
   * `GET /oauth/callback`; a server
   * built without both (tests of other resources) serves none of them.
   */
  connections?: ConnectionsContext;
  /** Access tokens with single-flight refresh, for the access-token endpoint, enable and the proxy. */
  tokens?: TokenService;
  /** This process's metrics, served at `/metrics` (every role); absent: no `/metrics`. */
  metrics?: OrgbridgeMetrics;
  /** The bearer token `/metrics` requires; null or absent: open. */
  metricsToken?: string | null;
  /**
   * false for a worker process (`serve --role worker`): only `/healthz` and `/metrics`, no API,
   * no OAuth callback. Default true.
   */
  serveApi?: boolean;
  /** The connections page's build directory (default packages/web/dist); tests point elsewhere. */
  pageDir?: string;
}

/** What the connection routes call. */
export type ConnectionServices = Required<Pick<AppServices, 'connections' | 'tokens'>>;

export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Request bodies are small JSON documents; anything bigger is a mistake or an attack. */
const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the HTTP API (DESIGN §5): `/api/v1` with API-key authentication, the OAuth callback,
 * health and metrics, and the OpenAPI document at `/api/v1/openapi.json`.
 */
export async function buildApp(services: AppServices): Promise<ApiInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // No automatic HEAD twins: a HEAD to the access-token endpoint would refresh and show nothing.
    exposeHeadRoutes: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Errors the router raises before any route runs (a malformed percent-encoding in the URL)
    // get the API's error shape too.
    frameworkErrors: (_error, _request, reply) => {
      void sendError(reply, new AppError(ErrorCode.VALIDATION_FAILED, 'the URL is malformed'));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The API speaks JSON only; Fastify's default text/plain parser would turn a wrong content type
  // into a confusing validation error instead of 415.
  app.removeContentTypeParser('text/plain');
  const logError =
    services.logError ?? ((error) => process.stderr.write(`orgbridge: ${String(error)}\n`));
  installErrorHandler(app, logError);
  if ((services.connections === undefined) !== (services.tokens === undefined))
    throw new Error('buildApp needs connections and tokens together');
  const connections =
    services.connections && services.tokens
      ? { connections: services.connections, tokens: services.tokens }
      : null;
  await app.register(swagger, {
    openapi: {
      info: { title: 'orgbridge', version: '1' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  app.decorateRequest('principal', null);
  registerHealthRoutes(app);
  if (services.metrics) registerMetricsRoute(app, services.metrics, services.metricsToken ?? null);
  if (services.serveApi === false) return app;
  if (connections) registerOAuthCallbackRoute(app, connections.connections, logError);
  await registerPageAssets(app, services.pageDir);
  const pageLinks = connections
    ? new PageLinks(connections.connections.vault, connections.connections.now)
    : null;
  await app.register(
    (api, _options, done) => {
      api.addHook('onRequest', (request, _reply, done) => {
        if (request.url.startsWith('/api/v1/openapi.json')) return done();
        let principal: ReturnType<typeof authenticate>;
        try {
          principal = authenticate(request, services.adminApiKey, services.workspaces, pageLinks);
        } catch (error) {
          return done(error as Error);
        }
        if (!(principal instanceof Promise)) {
          request.principal = principal;
          return done();
        }
        principal.then((resolved) => {
          request.principal = resolved;
          done();
        }, done);
      });
      api.addHook('preValidation', rejectNulCharacters);
      // After validation, so that a link's scope is judged on the parsed path and query.
      api.addHook('preHandler', (request, _reply, done) => {
        const principal = request.principal;
        if (
          principal?.kind === 'link' &&
          !linkMayCall(
            principal,
            request.method,
            request.routeOptions.url ?? '',
            request.params,
            request.query,
          )
        )
          return done(
            new AppError(
              ErrorCode.FORBIDDEN,
              'a page link cannot do this; the host application needs a workspace API key for it',
            ),
          );
        done();
      });
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
      registerWorkspaceRoutes(api, services);
      if (connections) {
        registerConnectionRoutes(api, connections);
        registerAccessTokenRoutes(api, connections);
        registerConnectionHealthRoutes(api, connections);
        registerPermissionRoutes(api, connections);
        registerSyncRoutes(api, connections);
        registerWriteRoutes(api, connections);
        registerProxyRoutes(api, connections);
        registerEventRoutes(api, connections);
        registerWebhookRoutes(api, connections);
        registerNotificationSettingsRoutes(api, connections);
        registerPageRoutes(api, connections, pageLinks!);
      }
      done();
    },
    { prefix: '/api/v1' },
  );
  return app;
}
