/**
 * Result locators: an offset into a result, opaque to clients. Salesforce's are base64 text
 * (`MTAwMDA` is base64 of `10000`, padding dropped) since API 49.0, and stay valid as long as
 * the job exists, so the same locator can be read again.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
export function encodeLocator(offset: number): string {
  return Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');
}

/** The offset a locator stands for, or undefined when it is not one the emulator issued. */
export function decodeLocator(locator: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+$/.test(locator)) return undefined;
  const text = Buffer.from(locator, 'base64').toString('utf8');
  if (!/^\d{1,15}$/.test(text) || encodeLocator(Number(text)) !== locator) return undefined;
  return Number(text);
}
