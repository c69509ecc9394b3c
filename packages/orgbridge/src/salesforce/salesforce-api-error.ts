import { AppError } from '../errors.ts';
import type { SalesforceOutcome } from './classify.ts';
import type { ApiUsage } from './limit-info.ts';
import { errorCodeFor, failureDetails } from './salesforce-failure.ts';

/** One entry of Salesforce's REST error array. */
export interface SalesforceErrorEntry {
  errorCode: string;
  message: string;
  fields: string[];
}

/**
 * A REST or Bulk API call that Salesforce refused. `code` follows the outcome (see
 * `classifyApiError`): `SALESFORCE_SESSION_EXPIRED` for `INVALID_SESSION_ID`, `REAUTH_REQUIRED`
 * for an expired password, `SALESFORCE_LIMIT_EXCEEDED`, `SALESFORCE_UNAVAILABLE`,
 * `SALESFORCE_ACCESS_DENIED`, otherwise `SALESFORCE_ERROR`. `details` carries
 * `{ kind, reason, salesforceError, description, status }`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export class SalesforceApiError extends AppError {
  /** The HTTP status. */
  readonly status: number;
  /** Salesforce's `errorCode` of the first error (`INVALID_FIELD`, …), or null when none. */
  readonly errorCode: string | null;
  /** The fields the first error names (DML errors), else empty. */
  readonly fields: string[];
  /** Every entry of the error array, in order. */
  readonly errors: SalesforceErrorEntry[];
  /** API usage from this response's `Sforce-Limit-Info`, when sent. */
  readonly limits: ApiUsage | null;
  /** What the failure means for the connection. */
  readonly outcome: SalesforceOutcome;

  constructor(
    outcome: SalesforceOutcome,
    message: string,
    facts: { status: number; errors: SalesforceErrorEntry[]; limits: ApiUsage | null },
    secrets: readonly string[] = [],
  ) {
    const first = facts.errors[0];
    super(errorCodeFor(outcome), message, {
      details: failureDetails(outcome, {
        salesforceError: first?.errorCode ?? null,
        description: first?.message ?? null,
        status: facts.status,
        secrets,
      }),
    });
    this.name = 'SalesforceApiError';
    this.status = facts.status;
    this.errorCode = first?.errorCode ?? null;
    this.fields = first?.fields ?? [];
    this.errors = facts.errors;
    this.limits = facts.limits;
    this.outcome = outcome;
  }
}
