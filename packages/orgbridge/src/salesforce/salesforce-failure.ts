import { AppError, ErrorCode } from '../errors.ts';
import type { SalesforceOutcome } from './classify.ts';
import { sanitizeCause, scrubText } from './scrub.ts';

/** What Salesforce (or the network) said, as far as it is safe to keep. */
export interface FailureFacts {
  /** Salesforce's `error` or REST `errorCode`, when it gave one. */
  salesforceError?: string | null;
  /** Salesforce's `error_description` or REST `message`; scrubbed before it is kept. */
  description?: string | null;
  /** The HTTP status, when there was a response. */
  status?: number | null;
  /** The foreign error; only a sanitized copy is kept. */
  cause?: unknown;
  /** Secrets of this call, redacted from any foreign text. */
  secrets?: readonly string[];
}

/** The stable error code each outcome is reported with. */
export function errorCodeFor(outcome: SalesforceOutcome): ErrorCode {
  switch (outcome.kind) {
    case 'needs_reauth':
      return ErrorCode.REAUTH_REQUIRED;
    case 'session_expired':
      return ErrorCode.SALESFORCE_SESSION_EXPIRED;
    case 'rate_limited':
      return ErrorCode.SALESFORCE_LIMIT_EXCEEDED;
    case 'transient':
      return ErrorCode.SALESFORCE_UNAVAILABLE;
    case 'access_denied':
      return ErrorCode.SALESFORCE_ACCESS_DENIED;
    case 'invalid_request':
    case 'invalid_response':
      return ErrorCode.SALESFORCE_ERROR;
  }
}

/** The secret-free details every Salesforce failure carries: the outcome and Salesforce's words. */
export function failureDetails(
  outcome: SalesforceOutcome,
  facts: FailureFacts,
): Record<string, string | number | null> {
  const secrets = facts.secrets ?? [];
  return {
    kind: outcome.kind,
    reason: 'reason' in outcome ? outcome.reason : null,
    salesforceError:
      facts.salesforceError == null ? null : scrubText(facts.salesforceError, secrets),
    description: facts.description == null ? null : scrubText(facts.description, secrets),
    status: facts.status ?? null,
  };
}

/**
 * Builds the AppError for a classified failure: the code from {@link errorCodeFor}, details
 * `{ kind, reason, salesforceError, description, status }`, and a sanitized cause. `message`
 * is orgbridge's own words and must not contain foreign text.
 */
export function salesforceFailure(
  outcome: SalesforceOutcome,
  message: string,
  facts: FailureFacts = {},
  code: ErrorCode = errorCodeFor(outcome),
): AppError {
  return new AppError(code, message, {
    details: failureDetails(outcome, facts),
    cause: facts.cause === undefined ? undefined : sanitizeCause(facts.cause, facts.secrets ?? []),
  });
}

/**
 * The outcome carried by an error thrown from `salesforce/`, or null for any other error.
 * Callers decide on it (`needs_reauth` → mark the connection, `session_expired` → refresh once).
 */
export function salesforceOutcome(error: unknown): SalesforceOutcome | null {
  if (!(error instanceof AppError)) return null;
  const { kind, reason } = error.details;
  switch (kind) {
    case 'needs_reauth':
    case 'transient':
      return { kind, reason } as SalesforceOutcome;
    case 'session_expired':
    case 'rate_limited':
    case 'access_denied':
    case 'invalid_request':
    case 'invalid_response':
      return { kind };
    default:
      return null;
  }
}
