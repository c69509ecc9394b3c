import { Type } from 'typebox';
import {
  deleteConnection,
  disableConnection,
  enableConnection,
  getConnection,
  listConnections,
} from '../../connections/connection-admin.ts';
import { createConnection, startReauthorization } from '../../connections/connect-service.ts';
import {
  createDirectConnection,
  reauthorizeWithCredentials,
} from '../../connections/direct-connect.ts';
import { isDirectFlow } from '../../connections/direct-credentials.ts';
import { orgServices } from '../../connections/health-check.ts';
import {
  resolveRequirement,
  setPermissionRequirement,
  type PermissionRequirement,
} from '../../connections/permission-check.ts';
import { AUTH_FLOWS, ENVIRONMENTS } from '../../domain/environment.ts';
import { createRepositories } from '../../store/repositories.ts';
import { RequirementBody } from './permissions.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { Connection, ConnectionParams, ReturnTo, Text } from '../schemas.ts';

const Username = Text(255);

const Credentials = Type.Object(
  {
    username: Type.Optional(Username),
    password: Type.Optional(Text(255)),
    /** Appended to the password; empty or absent when the org trusts orgbridge's IP addresses. */
    securityToken: Type.Optional(Type.String({ maxLength: 255 })),
    /** PKCS#8 PEM of the key whose certificate is on the connected app. */
    privateKey: Type.Optional(
      // PEM spans lines: line breaks are allowed, other control characters are not.
      Type.String({
        minLength: 1,
        maxLength: 16_384,
        pattern: '^[^\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F]+$',
      }),
    ),
  },
  { additionalProperties: false },
);

const CreateConnectionBody = Type.Object(
  {
    nickname: Text(100),
    environment: Type.Enum([...ENVIRONMENTS]),
    /** The My Domain URL, for `custom` only. */
    loginUrl: Type.Optional(Text(2048)),
    /** Default `web_server` (a Salesforce admin authorizes in a browser). */
    authFlow: Type.Optional(Type.Enum([...AUTH_FLOWS])),
    app: Type.Optional(
      Type.Object(
        {
          clientId: Text(512),
          /** Required except for the JWT bearer flow, which signs with a private key instead. */
          clientSecret: Type.Optional(Text(512)),
        },
        { additionalProperties: false },
      ),
    ),
    /** For `password` and `jwt_bearer`: what the flow logs in with. Stored encrypted. */
    credentials: Type.Optional(Credentials),
    /** What the connection must be allowed to do; checked once it is authorized. */
    permissions: Type.Optional(RequirementBody),
    /** For `password`: the org's password policy period in days (default 90; 0: never). */
    passwordExpiryDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    scopes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.:/-]{1,100}$' }), {
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
      }),
    ),
    loginHint: Type.Optional(Username),
    /** web_server: where to send the browser after Salesforce (a path here, e.g. `/`). */
    returnTo: Type.Optional(ReturnTo),
  },
  { additionalProperties: false },
);

const ConnectLink = Type.Object({
  authorizeUrl: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String()),
  /** Direct flows re-authorize at once and return the connection instead of a link. */
  connection: Type.Optional(Connection),
});

const authFlowOf = <F extends string>(body: { authFlow?: F }): F | 'web_server' =>
  body.authFlow ?? 'web_server';

/** Connections of the caller's workspace: create, list, show, re-authorize, disable, enable, delete. */
export function registerConnectionRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;
  const health = orgServices(ctx, services.tokens);

  api.post(
    '/connections',
    {
      schema: {
        summary: 'Create a connection and the link that sends a Salesforce admin to authorize it',
        body: CreateConnectionBody,
        response: {
          201: Type.Object({
            connection: Connection,
            /** web_server only: where to send the admin's browser, and until when. */
            authorizeUrl: Type.Optional(Type.String()),
            expiresAt: Type.Optional(Type.String()),
            warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const workspaceId = requireWorkspace(request.principal!);
      const { nickname, environment, loginUrl, app, scopes, loginHint, credentials, returnTo } =
        request.body;
      const authFlow = authFlowOf(request.body);
      const { passwordExpiryDays } = request.body;
      const permissions = request.body.permissions as PermissionRequirement | undefined;
      // Checked before anything is created: a bad requirement leaves nothing behind.
      if (permissions)
        await resolveRequirement(createRepositories(ctx.db), workspaceId, permissions);
      const withRequirement = async (connectionId: string) => {
        if (!permissions) return;
        try {
          await setPermissionRequirement(health, workspaceId, connectionId, permissions);
        } catch {
          // The requirement is stored before the check; a check that could not run now (Salesforce
          // busy) is retried by the background scheduler and never fails the creation.
        }
      };
      if (passwordExpiryDays !== undefined && authFlow !== 'password')
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'passwordExpiryDays is for the password flow only',
          { details: { field: 'passwordExpiryDays' } },
        );
      if (loginUrl !== undefined && environment !== 'custom')
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'loginUrl is only for the custom environment (a My Domain URL)',
          { details: { field: 'loginUrl' } },
        );
      if (isDirectFlow(authFlow)) {
        if (scopes !== undefined || loginHint !== undefined || returnTo !== undefined) {
          const field =
            scopes !== undefined ? 'scopes' : loginHint !== undefined ? 'loginHint' : 'returnTo';
          throw new AppError(
            ErrorCode.VALIDATION_FAILED,
            'scopes, loginHint and returnTo are for the web_server flow only',
            { details: { field } },
          );
        }
        const connection = await createDirectConnection(ctx, workspaceId, {
          nickname,
          environment,
          loginUrl,
          authFlow,
          app,
          credentials,
          ...(passwordExpiryDays === undefined ? {} : { passwordExpiryDays }),
        });
        await withRequirement(connection.id);
        return reply
          .code(201)
          .send({ connection: await getConnection(ctx, workspaceId, connection.id), warnings: [] });
      }
      if (credentials !== undefined)
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'credentials are for the password and jwt_bearer flows; web_server authorizes in a browser',
          { details: { field: 'credentials' } },
        );
      if (app && app.clientSecret === undefined)
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'the web_server flow needs app.clientSecret',
          {
            details: { field: 'app.clientSecret' },
          },
        );
      const link = await createConnection(ctx, workspaceId, {
        nickname,
        environment,
        loginUrl,
        app: app ? { clientId: app.clientId, clientSecret: app.clientSecret! } : undefined,
        scopes,
        loginHint,
        returnTo,
      });
      await withRequirement(link.connection.id);
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
        description:
          'web_server: returns a new authorizeUrl. password and jwt_bearer: send new credentials ' +
          '(only the fields that changed, such as password and securityToken) and the connection ' +
          'is re-authorized at once; client_credentials: send nothing to log in again.',
        body: Type.Object(
          {
            loginHint: Type.Optional(Username),
            credentials: Type.Optional(Credentials),
            returnTo: Type.Optional(ReturnTo),
          },
          { additionalProperties: false },
        ),
        response: { 200: ConnectLink },
      },
    },
    async (request) => {
      const workspaceId = requireWorkspace(request.principal!);
      const current = await getConnection(ctx, workspaceId, request.params.id);
      if (isDirectFlow(current.authFlow)) {
        const connection = await reauthorizeWithCredentials(
          ctx,
          workspaceId,
          request.params.id,
          request.body.credentials,
        );
        return { connection };
      }
      if (request.body.credentials !== undefined)
        throw new AppError(
          ErrorCode.VALIDATION_FAILED,
          'this connection uses the web_server flow: re-authorize through the returned link',
          { details: { field: 'credentials' } },
        );
      const link = await startReauthorization(ctx, workspaceId, request.params.id, {
        ...(request.body.loginHint === undefined ? {} : { loginHint: request.body.loginHint }),
        ...(request.body.returnTo === undefined ? {} : { returnTo: request.body.returnTo }),
      });
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
