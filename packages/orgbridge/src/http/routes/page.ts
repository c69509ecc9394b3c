import { Type } from 'typebox';
import { getConnection } from '../../connections/connection-admin.ts';
import {
  DEFAULT_LINK_TTL_SECONDS,
  MAX_LINK_TTL_SECONDS,
  type PageLinks,
} from '../../workspaces/page-links.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace, requireWorkspaceKey } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { Id } from '../schemas.ts';

const PageSession = Type.Object({
  workspaceId: Type.String(),
  /** A link for one connection: the page shows only it. */
  connectionId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Enum(['workspace_key', 'link']),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});

/**
 * What the connections page needs besides the connection routes: who the visitor is
 * (`GET /page-session`), and the signed links a host application hands to a customer admin
 * (`POST /page-links`, workspace API key only).
 */
export function registerPageRoutes(
  api: ApiInstance,
  services: ConnectionServices,
  links: PageLinks,
): void {
  api.get(
    '/page-session',
    {
      schema: {
        summary: 'What the presented key or page link gives access to (for the connections page)',
        response: { 200: PageSession },
      },
    },
    (request) => {
      const principal = request.principal!;
      const workspaceId = requireWorkspace(principal);
      return principal.kind === 'link'
        ? {
            workspaceId,
            connectionId: principal.connectionId,
            kind: 'link' as const,
            expiresAt: new Date(principal.expiresAt).toISOString(),
          }
        : { workspaceId, connectionId: null, kind: 'workspace_key' as const, expiresAt: null };
    },
  );

  api.post(
    '/page-links',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary:
          'A short-lived signed link to the connections page, for the whole workspace or one connection (to re-authorize it)',
        description:
          'Hand the url to a customer admin instead of an API key. It opens the page signed in; a link ' +
          'for one connection shows only that connection and allows re-authorizing it. Links expire ' +
          `(default ${DEFAULT_LINK_TTL_SECONDS} s, at most ${MAX_LINK_TTL_SECONDS} s) and cannot reach ` +
          'access tokens, writes, webhooks or settings.',
        body: Type.Object(
          {
            connectionId: Type.Optional(Id),
            ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_LINK_TTL_SECONDS })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            url: Type.String(),
            connectionId: Type.Union([Type.String(), Type.Null()]),
            expiresAt: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      const workspaceId = requireWorkspaceKey(request.principal!);
      const { connectionId, ttlSeconds } = request.body;
      // A link for a connection of another workspace, or none, is refused as not found.
      if (connectionId !== undefined)
        await getConnection(services.connections, workspaceId, connectionId);
      const link = await links.sign(
        { workspaceId, connectionId: connectionId ?? null },
        ttlSeconds,
      );
      const base = services.connections.config.publicUrl.replace(/\/+$/, '');
      return reply.code(201).send({
        // In the fragment: browsers never send it to a server, so no log or proxy keeps it.
        url: `${base}/#link=${link.token}`,
        connectionId: link.connectionId,
        expiresAt: new Date(link.expiresAt).toISOString(),
      });
    },
  );
}
