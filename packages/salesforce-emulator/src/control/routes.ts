import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { CONTROL_PREFIX } from '../http/faults.ts';
import { SalesforceError } from '../salesforce-error.ts';
import {
  CONTROL_INVALID_REQUEST,
  CONTROL_NOT_FOUND,
  CONTROL_UNAUTHORIZED,
  ControlError,
} from './control-error.ts';
import { registerApexPageRoutes } from './routes/apex-page-routes.ts';
import { registerAppRoutes } from './routes/app-routes.ts';
import { registerClockRoutes } from './routes/clock-routes.ts';
import { registerFaultRoutes } from './routes/fault-routes.ts';
import { registerGrantRoutes } from './routes/grant-routes.ts';
import { registerOrgRoutes } from './routes/org-routes.ts';
import { registerPermissionRoutes } from './routes/permission-routes.ts';
import { registerRecordRoutes } from './routes/record-routes.ts';
import { registerSchemaRoutes } from './routes/schema-routes.ts';
import { registerSnapshotRoutes } from './routes/snapshot-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';

function sendControlError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Registers the control API under {@link CONTROL_PREFIX} (`/__emulator`): the emulator's own
 * JSON API for tests and demos, answering `{ "error": { "code", "message" } }` on failure and
 * never faulted. When `emulator.control.token` is set, every request needs
 * `Authorization: Bearer <token>`.
 */
export function registerControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  void app.register(
    (scope, _options, done) => {
      scope.addHook('onRequest', async (request, reply) => {
        const token = emulator.control.token;
        if (token === null || tokenMatches(request.headers.authorization, token)) return undefined;
        return sendControlError(
          reply,
          401,
          CONTROL_UNAUTHORIZED,
          'the control API needs Authorization: Bearer <control token>',
        );
      });
      scope.setErrorHandler(
        (error: FastifyError | ControlError | SalesforceError, request, reply) => {
          if (error instanceof ControlError)
            return sendControlError(reply, error.status, error.code, error.message);
          if (error instanceof SalesforceError) {
            const status = error.status === 404 ? 404 : 400;
            // Salesforce's code for unparsable JSON means just "bad request" here.
            const code =
              error.errorCode === 'JSON_PARSER_ERROR' ? CONTROL_INVALID_REQUEST : error.errorCode;
            return sendControlError(reply, status, code, error.message);
          }
          const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
          if (status >= 400 && status < 500)
            return sendControlError(reply, 400, CONTROL_INVALID_REQUEST, error.message);
          process.stderr.write(
            `salesforce-emulator: control request ${request.method} ${request.url} failed: ${String(error.stack ?? error)}\n`,
          );
          return sendControlError(reply, 500, 'internal_error', 'the control request failed');
        },
      );
      scope.setNotFoundHandler((request, reply) =>
        sendControlError(
          reply,
          404,
          CONTROL_NOT_FOUND,
          `no control endpoint ${request.method} ${request.url.split('?')[0]}`,
        ),
      );
      registerOrgRoutes(scope, emulator);
      registerUserRoutes(scope, emulator);
      registerPermissionRoutes(scope, emulator);
      registerApexPageRoutes(scope, emulator);
      registerAppRoutes(scope, emulator);
      registerGrantRoutes(scope, emulator);
      registerClockRoutes(scope, emulator);
      registerFaultRoutes(scope, emulator);
      registerSchemaRoutes(scope, emulator);
      registerRecordRoutes(scope, emulator);
      registerSnapshotRoutes(scope, emulator);
      done();
    },
    { prefix: CONTROL_PREFIX },
  );
}
