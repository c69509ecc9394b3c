/** The request was malformed or asked for something impossible (HTTP 400). */
export const CONTROL_INVALID_REQUEST = 'invalid_request';
/** An org, user, app, grant, object, field or fault does not exist (HTTP 404). */
export const CONTROL_NOT_FOUND = 'not_found';
/** The control API is protected by a token and the request did not carry it (HTTP 401). */
export const CONTROL_UNAUTHORIZED = 'unauthorized';

/**
 * A failure of the control API. This API is the emulator's own, not Salesforce's, so it answers
 * `{ "error": { "code", "message" } }` rather than Salesforce's error array. Write failures the
 * data layer raises keep Salesforce's code (`DUPLICATE_VALUE`, `REQUIRED_FIELD_MISSING`…).
 */
export class ControlError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
    this.code = code;
  }
}

/** A 400 {@link ControlError}. */
export function invalidRequest(message: string): ControlError {
  return new ControlError(400, CONTROL_INVALID_REQUEST, message);
}

/** A 404 {@link ControlError}: `no <what> <key>`. */
export function notFoundError(what: string, key: string): ControlError {
  return new ControlError(404, CONTROL_NOT_FOUND, `no ${what} ${key}`);
}
