import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * A `preValidation` hook for routes whose JSON body may be left out entirely (`POST …/disable`
 * with no body): a missing body is validated as `{}`, so a present one is still held to the
 * route's schema.
 */
export function emptyBodyAsObject(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (request.body === undefined) request.body = {};
  done();
}
