import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Principal, WorkspaceService } from '../workspaces/workspace-service.ts';
import { authenticate } from './authenticate.ts';
import { installErrorHandler } from './error-handler.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerWorkspaceRoutes } from './routes/workspaces.ts';

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
}

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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The API speaks JSON only; Fastify's default text/plain parser would turn a wrong content type
  // into a confusing validation error instead of 415.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(
    app,
    services.logError ?? ((error) => process.stderr.write(`orgbridge: ${String(error)}\n`)),
  );
  await app.register(swagger, {
    openapi: {
      info: { title: 'orgbridge', version: '1' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  app.decorateRequest('principal', null);
  registerHealthRoutes(app);
  await app.register(
    (api, _options, done) => {
      api.addHook('onRequest', async (request) => {
        if (!request.url.startsWith('/api/v1/openapi.json')) {
          request.principal = await authenticate(
            request,
            services.adminApiKey,
            services.workspaces,
          );
        }
      });
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
      registerWorkspaceRoutes(api, services);
      done();
    },
    { prefix: '/api/v1' },
  );
  return app;
}
