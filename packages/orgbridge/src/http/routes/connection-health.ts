import { Type } from 'typebox';
import { orgServices, runHealthCheck } from '../../connections/health-check.ts';
import { getHealth } from '../../connections/health-view.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { ConnectionParams } from '../schemas.ts';

const Check = Type.Object({
  id: Type.String(),
  checkedAt: Type.String(),
  trigger: Type.String(),
  ok: Type.Boolean(),
  outcome: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Number(),
  statusAfter: Type.String(),
});

const Health = Type.Object({
  connectionId: Type.String(),
  status: Type.String(),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  lastCheck: Type.Union([Check, Type.Null()]),
  nextProbeAt: Type.Union([Type.String(), Type.Null()]),
  apiUsage: Type.Union([
    Type.Object({
      used: Type.Number(),
      max: Type.Number(),
      percent: Type.Number(),
      checkedAt: Type.String(),
      budgetPercent: Type.Number(),
      paused: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  passwordExpiresAt: Type.Union([Type.String(), Type.Null()]),
  integrationUser: Type.Object({
    kind: Type.String(),
    signals: Type.Array(Type.String()),
    warning: Type.Union([Type.String(), Type.Null()]),
  }),
  history: Type.Array(Check),
});

/** `GET /connections/{id}/health` and `POST /connections/{id}/health/check` (DESIGN §5). */
export function registerConnectionHealthRoutes(
  api: ApiInstance,
  services: ConnectionServices,
): void {
  const ctx = services.connections;
  const health = orgServices(ctx, services.tokens);

  api.get(
    '/connections/:id/health',
    {
      schema: {
        summary:
          'Latest health check, history, API usage, password expiry and integration-user advice',
        params: ConnectionParams,
        querystring: Type.Object(
          // Query strings are text (no type coercion in this API): 1 to 100.
          { limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Health },
      },
    },
    async (request) =>
      getHealth(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.query.limit === undefined ? 20 : Number(request.query.limit),
      ),
  );

  api.post(
    '/connections/:id/health/check',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Probe the connection now and return its health',
        params: ConnectionParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Health },
      },
    },
    async (request) => {
      const workspaceId = requireWorkspace(request.principal!);
      // Existence and tenancy first: a check never touches another workspace's connection.
      const before = await getHealth(ctx, workspaceId, request.params.id, 1);
      if (before.status === 'disabled')
        throw new AppError(
          ErrorCode.CONNECTION_DISABLED,
          'the connection is disabled; enable it first',
          {
            details: { connectionId: request.params.id },
          },
        );
      await runHealthCheck(health, request.params.id, 'manual');
      return getHealth(ctx, workspaceId, request.params.id);
    },
  );
}
