import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { orgServices } from '../../connections/health-check.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import { listChanges } from '../../sync/change-feed.ts';
import {
  DEFAULT_OBJECTS,
  listMappings,
  putMappings,
  type MappingInput,
} from '../../sync/mappings.ts';
import { CONFLICT_POLICIES } from '../../sync/push-conflicts.ts';
import { syncNow } from '../../sync/sync-scheduler.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { ConnectionParams, Text } from '../schemas.ts';

const SalesforceName = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
});

const Mapping = Type.Object(
  {
    object: SalesforceName,
    fields: Type.Optional(
      Type.Union([
        Type.Array(SalesforceName, { minItems: 1, maxItems: 800, uniqueItems: true }),
        Type.Null(),
      ]),
    ),
    filter: Type.Optional(Type.Union([Text(4000), Type.Null()])),
    direction: Type.Optional(Type.Enum(['pull', 'push', 'both'])),
    conflictPolicy: Type.Optional(Type.Enum([...CONFLICT_POLICIES])),
  },
  { additionalProperties: false },
);

const MappingView = Type.Object({
  id: Type.String(),
  object: Type.String(),
  fields: Type.Union([Type.Array(Type.String()), Type.Null()]),
  filter: Type.Union([Type.String(), Type.Null()]),
  direction: Type.String(),
  conflictPolicy: Type.String(),
  phase: Type.String(),
  records: Type.Number(),
  cursor: Type.Union([
    Type.Object({ systemModstamp: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  changeSeq: Type.Number(),
  running: Type.Boolean(),
  runRecords: Type.Number(),
  runStartedAt: Type.Union([Type.String(), Type.Null()]),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  nextRunAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  missingFields: Type.Array(Type.String()),
  progress: Type.Object({
    method: Type.Union([Type.String(), Type.Null()]),
    read: Type.Number(),
    expected: Type.Union([Type.Number(), Type.Null()]),
    ratePerSecond: Type.Union([Type.Number(), Type.Null()]),
    etaSeconds: Type.Union([Type.Number(), Type.Null()]),
  }),
});

/** Pull sync (issue 5): mappings, sync state and runs, and the change feed. */
export function registerSyncRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;
  const health = orgServices(ctx, services.tokens);
  const holderId = `api:${randomBytes(6).toString('hex')}`;

  api.put(
    '/connections/:id/mappings',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Set the objects the connection syncs (checked against describe)',
        description: `Without "mappings", the defaults: ${DEFAULT_OBJECTS.join(', ')}, every readable field.`,
        params: ConnectionParams,
        body: Type.Object(
          { mappings: Type.Optional(Type.Array(Mapping, { maxItems: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ mappings: Type.Array(MappingView) }) },
      },
    },
    async (request) => {
      const workspaceId = requireWorkspace(request.principal!);
      const given = request.body.mappings;
      const inputs: MappingInput[] = given ?? DEFAULT_OBJECTS.map((object) => ({ object }));
      return {
        mappings: await putMappings(health, workspaceId, request.params.id, inputs, {
          skipUnreadable: given === undefined,
        }),
      };
    },
  );

  api.get(
    '/connections/:id/sync',
    {
      schema: {
        summary: 'Sync state per mapping: phase, records, cursor, progress, last error',
        params: ConnectionParams,
        response: { 200: Type.Object({ mappings: Type.Array(MappingView) }) },
      },
    },
    async (request) => ({
      mappings: await listMappings(ctx, requireWorkspace(request.principal!), request.params.id),
    }),
  );

  api.post(
    '/connections/:id/sync',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Pull every mapping of the connection now',
        params: ConnectionParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: {
          200: Type.Object({
            outcomes: Type.Array(Type.Record(Type.String(), Type.Unknown())),
            mappings: Type.Array(MappingView),
          }),
        },
      },
    },
    async (request) => {
      const workspaceId = requireWorkspace(request.principal!);
      await listMappings(ctx, workspaceId, request.params.id);
      const outcomes = await syncNow(health, request.params.id, { holderId });
      return {
        outcomes: outcomes.map((o) => ({ ...o })),
        mappings: await listMappings(ctx, workspaceId, request.params.id),
      };
    },
  );

  api.get(
    '/connections/:id/objects/:object/changes',
    {
      schema: {
        summary: 'The change feed of a pulled object: upserts and deletes in order, resumable',
        params: Type.Object(
          { id: ConnectionParams.properties.id, object: SalesforceName },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]*$' })),
            // Query strings are text (no type coercion in this API): 1 to 2000.
            limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,2}|1[0-9]{3}|2000)$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            changes: Type.Array(
              Type.Object({
                cursor: Type.String(),
                operation: Type.String(),
                id: Type.String(),
                systemModstamp: Type.String(),
                record: Type.Record(Type.String(), Type.Unknown()),
              }),
            ),
            nextCursor: Type.String(),
            hasMore: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      if (request.query.cursor !== undefined && request.query.cursor.length > 15)
        throw new AppError(ErrorCode.VALIDATION_FAILED, 'cursor is out of range', {
          details: { field: 'cursor' },
        });
      return listChanges(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.params.object,
        request.query.cursor,
        request.query.limit === undefined ? 500 : Number(request.query.limit),
      );
    },
  );
}
