import { Type } from 'typebox';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  MAX_DELIVERY_PAGE,
  redeliver,
} from '../../notify/webhook-service.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { Id, Text } from '../schemas.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

const CreateWebhookBody = Type.Object(
  {
    url: Text(2048),
    /** Event types (DESIGN §5), or `["*"]` for all. */
    events: Type.Array(Type.String({ pattern: '^(\\*|[a-z_]{1,40}\\.[a-z_]{1,40})$' }), {
      minItems: 1,
      maxItems: 50,
    }),
    description: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: NullableString,
  createdAt: Type.String(),
});

const WebhookParams = Type.Object({ id: Id }, { additionalProperties: false });
const DeliveryParams = Type.Object({ id: Id, deliveryId: Id }, { additionalProperties: false });

const Delivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: NullableString,
  lastAttemptAt: NullableString,
  nextAttemptAt: NullableString,
  deliveredAt: NullableString,
  expiresAt: Type.String(),
  createdAt: Type.String(),
});

// Query values arrive as strings and the API does not coerce types, so numbers are patterns.
const DeliveriesQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'nextCursor of a page' }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,2}$',
        description: `page size, 1 to ${MAX_DELIVERY_PAGE} (default 50)`,
      }),
    ),
  },
  { additionalProperties: false },
);

/** Webhooks of the caller's workspace: subscribe, list, delete, the delivery log, redelivery. */
export function registerWebhookRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;

  api.post(
    '/webhooks',
    {
      schema: {
        summary:
          'Subscribe an https URL to events; the signing secret is in this response only (see docs/notifications.md)',
        body: CreateWebhookBody,
        response: { 201: Type.Object({ ...Webhook.properties, secret: Type.String() }) },
      },
    },
    async (request, reply) => {
      const created = await createWebhook(ctx, requireWorkspace(request.principal!), request.body);
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/webhooks',
    {
      schema: {
        summary: "The workspace's webhooks (never their secrets)",
        response: { 200: Type.Object({ webhooks: Type.Array(Webhook) }) },
      },
    },
    async (request) => ({
      webhooks: await listWebhooks(ctx, requireWorkspace(request.principal!)),
    }),
  );

  api.get(
    '/webhooks/:id',
    {
      schema: {
        summary: 'One webhook (never its secret)',
        params: WebhookParams,
        response: { 200: Webhook },
      },
    },
    async (request) => getWebhook(ctx, requireWorkspace(request.principal!), request.params.id),
  );

  api.delete(
    '/webhooks/:id',
    {
      schema: {
        summary:
          'Delete a webhook with its secret and delivery log; pending deliveries are dropped',
        params: WebhookParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteWebhook(ctx, requireWorkspace(request.principal!), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        summary:
          "A webhook's delivery log, newest first; pass nextCursor as after for older deliveries",
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: {
          200: Type.Object({ deliveries: Type.Array(Delivery), nextCursor: NullableString }),
        },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      return listDeliveries(ctx, requireWorkspace(request.principal!), request.params.id, {
        ...(after === undefined ? {} : { after }),
        ...(limit === undefined ? {} : { limit: Number(limit) }),
      });
    },
  );

  api.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        summary:
          'Deliver again now (also a failed or delivered one); retried like a new delivery for 24 hours',
        params: DeliveryParams,
        response: { 202: Delivery },
      },
    },
    async (request, reply) => {
      const delivery = await redeliver(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.params.deliveryId,
      );
      return reply.code(202).send(delivery);
    },
  );
}
