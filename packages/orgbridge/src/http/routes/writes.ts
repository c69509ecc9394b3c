import { Type } from 'typebox';
import { enqueueWrites, getWrite, MAX_WRITES_PER_REQUEST } from '../../sync/outbox.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { ConnectionParams, Id } from '../schemas.ts';

const SalesforceName = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
});
/** A Salesforce record Id: 15 or 18 letters and digits. */
const RecordId = Type.String({ pattern: '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$' });
const FieldValue = Type.Union([
  Type.String({ maxLength: 131_072 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);
const Fields = Type.Record(SalesforceName, FieldValue, { maxProperties: 800 });

const Write = Type.Union([
  Type.Object(
    { operation: Type.Literal('insert'), fields: Fields },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      operation: Type.Literal('update'),
      id: RecordId,
      fields: Fields,
      baseVersion: Type.Optional(Type.String({ maxLength: 40 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      operation: Type.Literal('upsert'),
      externalIdField: SalesforceName,
      externalId: Type.String({ minLength: 1, maxLength: 255 }),
      fields: Fields,
    },
    { additionalProperties: false },
  ),
  Type.Object({ operation: Type.Literal('delete'), id: RecordId }, { additionalProperties: false }),
]);

const WriteView = Type.Object({
  id: Type.String(),
  object: Type.String(),
  operation: Type.String(),
  state: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  externalIdField: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Number(),
  createdAt: Type.String(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([
    Type.Object({ id: Type.Union([Type.String(), Type.Null()]), created: Type.Boolean() }),
    Type.Null(),
  ]),
  errors: Type.Array(
    Type.Object({
      statusCode: Type.String(),
      message: Type.String(),
      fields: Type.Array(Type.String()),
    }),
  ),
  conflict: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

/** 10,000 writes of a few fields each, with room. */
const WRITES_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** Push sync (issue 6): the outbox of writes to Salesforce and each write's result. */
export function registerWriteRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;
  api.post(
    '/connections/:id/objects/:object/writes',
    {
      bodyLimit: WRITES_BODY_LIMIT_BYTES,
      schema: {
        summary: 'Queue writes to Salesforce (committed to the outbox before the answer)',
        description:
          'Inserts, updates (optionally with the baseVersion the host last saw), upserts by external id and deletes; delivered in order per record, also after a re-authorization.',
        params: Type.Object(
          { id: ConnectionParams.properties.id, object: SalesforceName },
          { additionalProperties: false },
        ),
        body: Type.Object(
          { writes: Type.Array(Write, { minItems: 1, maxItems: MAX_WRITES_PER_REQUEST }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ writes: Type.Array(WriteView) }) },
      },
    },
    async (request, reply) => {
      const writes = await enqueueWrites(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.params.object,
        request.body.writes,
      );
      return reply.code(202).send({ writes });
    },
  );

  api.get(
    '/connections/:id/writes/:writeId',
    {
      schema: {
        summary: "One write and Salesforce's result for it",
        params: Type.Object(
          { id: ConnectionParams.properties.id, writeId: Id },
          { additionalProperties: false },
        ),
        response: { 200: WriteView },
      },
    },
    async (request) =>
      getWrite(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.params.writeId,
      ),
  );
}
