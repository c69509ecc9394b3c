/** The org's daily API request usage, as of one response. */
export interface ApiUsage {
  /** Requests counted in the rolling 24 hours, this one included. */
  used: number;
  /** The org's allowance for the rolling 24 hours. */
  max: number;
}

/**
 * Reads `Sforce-Limit-Info: api-usage=1013/5000000` (other parts such as
 * `per-app-api-usage=17/250(appName=…)` and `api-bursts=1/750` are ignored).
 * Returns null when the header is absent or has no `api-usage`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
export function parseLimitInfo(header: string | null): ApiUsage | null {
  if (header === null) return null;
  const match = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header);
  if (!match) return null;
  return { used: Number(match[1]), max: Number(match[2]) };
}
