/**
 * What the permission check needs from Salesforce: an authenticated GET against the org's
 * instance, as the connection's user. `path` starts with `/services/data/…` and may carry a query
 * string; the answer is parsed JSON, not validated. Any failure throws; a refusal from Salesforce
 * may be an `AppError` whose `details` carry `status` and `salesforceError` (`INVALID_TYPE`, …).
 */
export interface SalesforceReader {
  get<T>(path: string): Promise<T>;
}

/** The REST API version every request of the check uses. */
export const DATA_PATH = '/services/data/v60.0';

/** What one source showed, or why it could not be read. */
export type Seen<T> = { visible: true; value: T } | { visible: false; reason: string };

export function seen<T>(value: T): Seen<T> {
  return { visible: true, value };
}

export function unseen<T>(reason: string): Seen<T> {
  return { visible: false, reason };
}
