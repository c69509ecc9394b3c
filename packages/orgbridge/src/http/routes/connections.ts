import { Type } from 'typebox';
import {
  deleteConnection,
  disableConnection,
  enableConnection,
  getConnection,
  listConnections,
} from '../../connections/connection-admin.ts';
import { createConnection, startReauthorization } from '../../connections/connect-service.ts';
import { ENVIRONMENTS } from '../../domain/environment.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { Connection, ConnectionParams, Text } from '../schemas.ts';

const Username = Text(255);

const CreateConnectionBody = Type.Object(
  {
    nickname: Text(100),
    environment: Type.Enum([...ENVIRONMENTS]),
    /** The My Domain URL, for `custom` only. */
    loginUrl: Type.Optional(Text(2048)),
    authFlow: Type.Optional(Type.Enum(['web_server'])),
    app: Type.Optional(
      Type.Object(
        {
          clientId: Text(512),
          clientSecret: Text(512),
        },
        { additionalProperties: false },
      ),
    ),
    scopes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.:/-]{1,100}$' }), {
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
      }),
    ),
    loginHint: Type.Optional(Username),
  },
  { additionalProperties: false },
);

const ConnectLink = Type.Object({
  authorizeUrl: Type.String(),
  expiresAt: Type.String(),
});

/** Connections of the caller's workspace: create, list, show, re-authorize, disable, enable, delete. */
export function registerConnectionRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;

  api.post(
    '/connections',
    {
      schema: {
        summary: 'Create a connection and the link that sends a Salesforce admin to authorize it',
        body: CreateConnectionBody,
        response: {
          201: Type.Object({
            connection: Connection,
            authorizeUrl: Type.String(),
            expiresAt: Type.String(),
            warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const workspaceId = requireWorkspace(request.principal!);
      // authFlow can only be web_server for now, which is what createConnection does.
      const { nickname, environment, loginUrl, app, scopes, loginHint } = request.body;
      if (loginUrl !== undefined && environment !== 'custom')
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'loginUrl is only for the custom environment (a My Domain URL)',
          { details: { field: 'loginUrl' } },
        );
      const link = await createConnection(ctx, workspaceId, {
        nickname,
        environment,
        loginUrl,
        app,
        scopes,
        loginHint,
      });
      return reply.code(201).send(link);
    },
  );

  api.get(
    '/connections',
    {
      schema: {
        summary: "List the workspace's connections",
        response: { 200: Type.Object({ connections: Type.Array(Connection) }) },
      },
    },
    async (request) => ({
      connections: await listConnections(ctx, requireWorkspace(request.principal!)),
    }),
  );

  api.get(
    '/connections/:id',
    {
      schema: {
        summary: 'Show a connection: status, reason, identity',
        params: ConnectionParams,
        response: { 200: Connection },
      },
    },
    async (request) => getConnection(ctx, requireWorkspace(request.principal!), request.params.id),
  );

  api.post(
    '/connections/:id/reauthorize',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary:
          'Open a new connect link for an existing connection; success replaces its grant in place (same org only)',
        params: ConnectionParams,
        body: Type.Object({ loginHint: Type.Optional(Username) }, { additionalProperties: false }),
        response: { 200: ConnectLink },
      },
    },
    async (request) => {
      const link = await startReauthorization(
        ctx,
        requireWorkspace(request.principal!),
        request.params.id,
        request.body.loginHint === undefined ? {} : { loginHint: request.body.loginHint },
      );
      return { authorizeUrl: link.authorizeUrl, expiresAt: link.expiresAt };
    },
  );

  const NoBody = Type.Object({}, { additionalProperties: false });

  api.post(
    '/connections/:id/disable',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Disable a connection: no refreshes or background work; the grant is kept',
        params: ConnectionParams,
        body: NoBody,
        response: { 200: Connection },
      },
    },
    async (request) =>
      disableConnection(ctx, requireWorkspace(request.principal!), request.params.id),
  );

  api.post(
    '/connections/:id/enable',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary:
          'Enable a disabled connection; its grant is re-checked at Salesforce at once and the status shows the verdict',
        params: ConnectionParams,
        body: NoBody,
        response: { 200: Connection },
      },
    },
    async (request) =>
      enableConnection(
        ctx,
        services.tokens,
        requireWorkspace(request.principal!),
        request.params.id,
      ),
  );

  api.delete(
    '/connections/:id',
    {
      schema: {
        summary: 'Delete a connection: revokes its grant at Salesforce and erases its secrets',
        params: ConnectionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteConnection(ctx, requireWorkspace(request.principal!), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
