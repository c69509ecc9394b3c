import type { FastifyInstance, HTTPMethods } from 'fastify';
import { bodyObject } from '../input.ts';

/** What a control handler reads: path parameters, query string and the JSON body (an object). */
export interface ControlInput {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

/** A control handler returns the JSON to send; it throws ControlError for failures. */
export type ControlHandler = (input: ControlInput) => unknown;

/**
 * Registers a control route: JSON in, the handler's result out with `status`. Errors go to the
 * control scope's error handler.
 */
export function controlRoute(
  scope: FastifyInstance,
  method: HTTPMethods,
  url: string,
  handler: ControlHandler,
  status = 200,
): void {
  scope.route({
    method,
    url,
    handler: async (request, reply) => {
      const result: unknown = await handler({
        params: (request.params ?? {}) as Record<string, string>,
        query: (request.query ?? {}) as Record<string, string | undefined>,
        body: bodyObject(request.body),
      });
      return reply.code(status).send(result);
    },
  });
}
