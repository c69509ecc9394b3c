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
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
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
  /** A Salesforce login or My Domain URL that is not a Salesforce host, or not https. */
  LOGIN_URL_INVALID: 'LOGIN_URL_INVALID',
  /**
   * Salesforce refused a direct login (username-password, JWT bearer, client credentials) while
   * creating or re-authorizing a connection; `details.reason` classifies it. Nothing was stored.
   */
  SALESFORCE_LOGIN_REFUSED: 'SALESFORCE_LOGIN_REFUSED',
  /** The person at Salesforce denied the authorization (`error=access_denied` at the callback). */
  AUTHORIZATION_DENIED: 'AUTHORIZATION_DENIED',
  /** A token response whose `signature` does not verify with the client secret; never accepted. */
  SALESFORCE_SIGNATURE_INVALID: 'SALESFORCE_SIGNATURE_INVALID',
  /** The access token no longer works (`INVALID_SESSION_ID`, `Bad_OAuth_Token`): refresh once, retry. */
  SALESFORCE_SESSION_EXPIRED: 'SALESFORCE_SESSION_EXPIRED',
  /** Salesforce refused the call for lack of access (API disabled, missing permission or scope). */
  SALESFORCE_ACCESS_DENIED: 'SALESFORCE_ACCESS_DENIED',
  /** No webhook with this id in the caller's workspace. */
  WEBHOOK_NOT_FOUND: 'WEBHOOK_NOT_FOUND',
  /** No delivery with this id for this webhook. */
  WEBHOOK_DELIVERY_NOT_FOUND: 'WEBHOOK_DELIVERY_NOT_FOUND',
  /** A webhook URL that is not absolute https (or loopback http with the insecure switch). */
  WEBHOOK_URL_INVALID: 'WEBHOOK_URL_INVALID',
  /** The workspace already has the most webhooks allowed; delete one first. */
  WEBHOOK_LIMIT_REACHED: 'WEBHOOK_LIMIT_REACHED',
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
