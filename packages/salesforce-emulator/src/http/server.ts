import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { registerBulkRoutes } from '../bulk/routes.ts';
import { registerControlRoutes } from '../control/routes.ts';
import { registerOAuthRoutes } from '../oauth/routes.ts';
import { registerQueryRoutes } from '../rest/query-routes.ts';
import { registerRestRoutes } from '../rest/routes.ts';
import { applyFaults } from './faults.ts';
import { sendOAuthError, sendRestError, unknownException } from './responses.ts';

/** Bulk API 2.0 accepts up to 150 MB per upload; nothing else comes near it. */
const BODY_LIMIT = 160 * 1024 * 1024;

/** A route as registered: one HTTP method and its URL pattern (`/:host/services/data/:version/…`). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the server registered, so tests can walk all of them with hostile input. */
export function listRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registeredRoutes.get(app) ?? [];
}

function isOAuthPath(url: string): boolean {
  return /\/services\/oauth2\//.test(url);
}

/**
 * Builds the emulator's HTTP server: one Fastify instance serving every emulated host, with
 * Salesforce's error shapes for everything that can go wrong before a handler runs (bad JSON,
 * unsupported media types, oversized bodies, unknown paths).
 */
export async function buildServer(emulator: Emulator): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: 2000 },
    forceCloseConnections: true,
    return503OnClosing: false,
  });
  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  await app.register(formbody);
  await app.register(cookie);

  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'malformed JSON';
      done(
        new SalesforceError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${detail}`),
        undefined,
      );
    }
  });
  for (const type of [
    'text/csv',
    'text/xml',
    'application/xml',
    'application/soap+xml',
    'text/plain',
  ]) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
  }
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    if (await applyFaults(emulator, request, reply)) return reply;
    return undefined;
  });

  app.setErrorHandler((error: FastifyError | SalesforceError, request, reply) => {
    let sfError: SalesforceError;
    if (error instanceof SalesforceError) sfError = error;
    else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      sfError = new SalesforceError(
        413,
        'REQUEST_ENTITY_TOO_LARGE',
        'The request body is too large.',
      );
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      sfError = new SalesforceError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content type not supported.');
    } else if (
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      sfError = new SalesforceError(error.statusCode, 'INVALID_REQUEST', error.message);
    } else {
      process.stderr.write(
        `salesforce-emulator: unexpected error on ${request.method} ${request.url}: ${String(error.stack ?? error)}\n`,
      );
      sfError = unknownException();
    }
    if (isOAuthPath(request.url)) {
      return sendOAuthError(
        reply,
        'invalid_request',
        sfError.message,
        sfError.status >= 500 ? sfError.status : 400,
      );
    }
    return sendRestError(request, reply, sfError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendRestError(
      request,
      reply,
      new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist'),
    ),
  );

  registerOAuthRoutes(app, emulator);
  registerRestRoutes(app, emulator);
  registerQueryRoutes(app, emulator);
  registerBulkRoutes(app, emulator);
  registerControlRoutes(app, emulator);
  return app;
}
