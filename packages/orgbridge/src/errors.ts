/**
 * Stable error codes: the product's public vocabulary of failure. The HTTP layer maps each code to
 * a status in one table; clients match on the code, never on the message.
 */
export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  VAULT_KEY_INVALID: 'VAULT_KEY_INVALID',
  VAULT_KEY_MISMATCH: 'VAULT_KEY_MISMATCH',
  VAULT_DECRYPT_FAILED: 'VAULT_DECRYPT_FAILED',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  WORKSPACE_NOT_FOUND: 'WORKSPACE_NOT_FOUND',
  CONNECTION_NOT_FOUND: 'CONNECTION_NOT_FOUND',
  NICKNAME_TAKEN: 'NICKNAME_TAKEN',
  REAUTH_REQUIRED: 'REAUTH_REQUIRED',
  CONNECTION_DISABLED: 'CONNECTION_DISABLED',
  ORG_MISMATCH: 'ORG_MISMATCH',
  SALESFORCE_UNAVAILABLE: 'SALESFORCE_UNAVAILABLE',
  SALESFORCE_LIMIT_EXCEEDED: 'SALESFORCE_LIMIT_EXCEEDED',
  SALESFORCE_ERROR: 'SALESFORCE_ERROR',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Extra, secret-free facts about a failure (ids, reasons, field names) for callers and logs. */
export type ErrorDetails = Record<string, string | number | boolean | null | string[]>;

/**
 * The one error type services throw. `message` is for people and must never contain a token,
 * password, key or other secret; `cause` keeps the foreign error for logs, already translated at
 * its edge so it carries no secret either.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Whether a value is an AppError with the given code (or any AppError when no code is given). */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
