import { isAppError } from '../errors.ts';

/** Salesforce's `errorCode` of a refused request (`INVALID_TYPE`), when the reader reported it. */
export function salesforceErrorCode(error: unknown): string | null {
  if (!isAppError(error)) return null;
  const code = error.details.salesforceError;
  return typeof code === 'string' ? code : null;
}

/** The HTTP status of a refused request, when the reader reported it. */
export function failureStatus(error: unknown): number | null {
  if (!isAppError(error)) return null;
  const status = error.details.status;
  return typeof status === 'number' ? status : null;
}

/**
 * Why a request failed, in words safe to show and store: the status and Salesforce's error code,
 * never the message, which may quote the request.
 */
export function describeFailure(error: unknown): string {
  const status = failureStatus(error);
  const code = salesforceErrorCode(error);
  if (status !== null || code !== null)
    return `Salesforce answered ${[status, code].filter((v) => v !== null).join(' ')}`;
  if (isAppError(error)) return `the request failed (${error.code})`;
  return 'the request failed before Salesforce answered';
}
