import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { forceRefresh } from '../../connections/force-refresh.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspaceKey } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { AccessToken, ConnectionParams } from '../schemas.ts';

/** The one kind of answer that carries a secret: no cache may keep it. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/**
 * `GET /connections/{id}/access-token` and its refresh: the only endpoints that return a secret.
 * Errors carry the connection's status and reason (`REAUTH_REQUIRED` with `details.reason`,
 * `CONNECTION_DISABLED`).
 */
export function registerAccessTokenRoutes(api: ApiInstance, services: ConnectionServices): void {
  api.get(
    '/connections/:id/access-token',
    {
      schema: {
        summary:
          'A working access token for the org, refreshed when needed (single-flight); or an error with the connection’s reason',
        params: ConnectionParams,
        response: { 200: AccessToken },
      },
    },
    (request, reply) => {
      const workspaceId = requireWorkspaceKey(request.principal!);
      noStore(reply);
      // The warm path answers without a promise: this is the endpoint host applications hit most.
      return (
        services.tokens.warmAccessToken(workspaceId, request.params.id) ??
        services.tokens.getAccessToken(workspaceId, request.params.id)
      );
    },
  );

  api.post(
    '/connections/:id/access-token/refresh',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary:
          'Report INVALID_SESSION_ID: send the refused token as staleAccessToken; it is refreshed once however many callers report it, and the working token is returned',
        description:
          'Call this when Salesforce answered 401 INVALID_SESSION_ID to a token from the access-token endpoint. ' +
          'If the token was already replaced, the current one is returned without another refresh. ' +
          'Without staleAccessToken the current token is refreshed.',
        params: ConnectionParams,
        body: Type.Object(
          { staleAccessToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
          { additionalProperties: false },
        ),
        response: { 200: AccessToken },
      },
    },
    async (request, reply) => {
      const token = await forceRefresh(
        services.connections,
        services.tokens,
        requireWorkspaceKey(request.principal!),
        request.params.id,
        request.body.staleAccessToken,
      );
      noStore(reply);
      return token;
    },
  );
}
