import { Type } from 'typebox';
import { listEvents, MAX_EVENT_PAGE } from '../../connections/event-service.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { Event, Id } from '../schemas.ts';

// Query values arrive as strings and the API does not coerce types, so numbers are patterns.
const EventsQuery = Type.Object(
  {
    connectionId: Type.Optional(Id),
    after: Type.Optional(
      Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$', description: 'nextCursor of a page' }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,3}$',
        description: `page size, 1 to ${MAX_EVENT_PAGE} (default 100)`,
      }),
    ),
  },
  { additionalProperties: false },
);

/** `GET /events`: the workspace's event log, oldest first, resumable by cursor. */
export function registerEventRoutes(api: ApiInstance, services: ConnectionServices): void {
  api.get(
    '/events',
    {
      schema: {
        summary:
          "The workspace's events in order; pass nextCursor as after to continue (also from an empty page)",
        querystring: EventsQuery,
        response: {
          200: Type.Object({
            events: Type.Array(Event),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const { connectionId, after, limit } = request.query;
      return listEvents(services.connections, requireWorkspace(request.principal!), {
        ...(connectionId === undefined ? {} : { connectionId }),
        ...(after === undefined ? {} : { after }),
        ...(limit === undefined ? {} : { limit: Number(limit) }),
      });
    },
  );
}
