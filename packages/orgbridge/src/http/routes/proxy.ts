import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { proxyRequest } from '../../connections/proxy-request.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import { isForwardedRequestHeader } from '../../salesforce/index.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspaceKey } from '../authenticate.ts';
import { Id } from '../schemas.ts';

/** Records and files (Bulk API CSV uploads) are bigger than the API's own JSON bodies. */
export const PROXY_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The path after `/proxy`, taken from the raw URL so that its percent-encoding reaches
 * Salesforce exactly as the caller wrote it (the router's parameters are decoded).
 */
function proxiedPath(url: string): string {
  const marker = '/connections/';
  const idStart = url.indexOf(marker) + marker.length;
  const idEnd = url.indexOf('/', idStart);
  if (idEnd < 0 || !url.startsWith('/proxy/', idEnd))
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'use /connections/{id}/proxy/<path>', {
      details: { field: 'path' },
    });
  return url.slice(idEnd + '/proxy'.length);
}

function callerHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || !isForwardedRequestHeader(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * `/connections/{id}/proxy/*`: any REST or Bulk API call to the connection's org, with a fresh
 * token and one retry after a refresh. Bodies of any content type pass through as bytes.
 */
export function registerProxyRoutes(api: ApiInstance, services: ConnectionServices): void {
  api.register((plain, _options, done) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: PROXY_BODY_LIMIT_BYTES },
      (_request, body, parsed) => parsed(null, body),
    );
    scope.route({
      method: METHODS,
      url: '/connections/:id/proxy/*',
      bodyLimit: PROXY_BODY_LIMIT_BYTES,
      schema: {
        summary:
          "Forward a call to the org's instance (path and query after /proxy) with a fresh token; Salesforce's answer comes back unchanged",
        params: Type.Object({ id: Id, '*': Type.String() }, { additionalProperties: false }),
      },
      handler: async (request, reply) => {
        const workspaceId = requireWorkspaceKey(request.principal!);
        const answer = await proxyRequest(
          services.connections,
          services.tokens,
          workspaceId,
          request.params.id,
          {
            method: request.method,
            path: proxiedPath(request.url),
            headers: callerHeaders(request),
            ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
          },
        );
        reply.code(answer.status).headers(answer.headers);
        if (request.method === 'HEAD' && answer.body instanceof ReadableStream)
          await answer.body.cancel();
        if (answer.body === null || request.method === 'HEAD') return reply.send();
        if (answer.body instanceof Uint8Array) return reply.send(Buffer.from(answer.body));
        return reply.send(Readable.fromWeb(answer.body));
      },
    });
    done();
  });
}
