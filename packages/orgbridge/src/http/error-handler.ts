import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, ErrorCode } from '../errors.ts';

/** The one table from error code to HTTP status (DESIGN §4). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  MIGRATION_FAILED: 500,
  VAULT_KEY_INVALID: 500,
  VAULT_KEY_MISMATCH: 500,
  VAULT_DECRYPT_FAILED: 500,
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WORKSPACE_NOT_FOUND: 404,
  CONNECTION_NOT_FOUND: 404,
  NICKNAME_TAKEN: 409,
  REAUTH_REQUIRED: 409,
  SALESFORCE_LOGIN_REFUSED: 422,
  CONNECTION_DISABLED: 409,
  ORG_MISMATCH: 409,
  SALESFORCE_UNAVAILABLE: 503,
  SALESFORCE_LIMIT_EXCEEDED: 503,
  SALESFORCE_ERROR: 502,
  LOGIN_URL_INVALID: 400,
  AUTHORIZATION_DENIED: 400,
  SALESFORCE_SIGNATURE_INVALID: 502,
  // Upstream answers: orgbridge itself did not refuse the caller, Salesforce refused orgbridge.
  SALESFORCE_SESSION_EXPIRED: 502,
  SALESFORCE_ACCESS_DENIED: 502,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  WEBHOOK_URL_INVALID: 400,
  WEBHOOK_LIMIT_REACHED: 409,
  INTERNAL: 500,
};

/** `{ "error": { "code", "message", "details"? } }`, the API's only error shape. */
export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  const status = STATUS_BY_CODE[error.code] ?? 500;
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
    },
  };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function translate(error: FastifyError): AppError {
  if (error.validation) {
    return new AppError(ErrorCode.VALIDATION_FAILED, `invalid request: ${error.message}`);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(ErrorCode.VALIDATION_FAILED, 'the body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'the body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        'send JSON (Content-Type: application/json)',
      );
    default:
      if (
        typeof error.statusCode === 'number' &&
        error.statusCode >= 400 &&
        error.statusCode < 500
      ) {
        return new AppError(ErrorCode.VALIDATION_FAILED, 'the request could not be understood');
      }
      return new AppError(ErrorCode.INTERNAL, 'internal error');
  }
}

/**
 * Installs the error and not-found handlers. AppErrors keep their code; everything else becomes
 * a 4xx with a stable code, or a 500 `INTERNAL` whose message reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance, log: (error: unknown) => void): void {
  app.setErrorHandler((error: FastifyError | AppError, _request, reply) => {
    const appError = error instanceof AppError ? error : translate(error);
    if (STATUS_BY_CODE[appError.code] >= 500) log(error);
    return sendError(reply, appError);
  });
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, new AppError(ErrorCode.NOT_FOUND, 'no such route')),
  );
}
