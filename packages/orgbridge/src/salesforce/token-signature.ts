import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Salesforce's token-response signature: Base64(HMAC-SHA256(key = consumer secret,
 * message = `id` + `issued_at`)). It proves the response was made by someone who knows the
 * consumer secret.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function computeTokenSignature(
  clientSecret: string,
  identityUrl: string,
  issuedAt: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(identityUrl + issuedAt)
    .digest('base64');
}

/** Whether `signature` is the right one, compared in constant time over the 32 MAC bytes. */
export function verifyTokenSignature(
  clientSecret: string,
  identityUrl: string,
  issuedAt: string,
  signature: string,
): boolean {
  const expected = createHmac('sha256', clientSecret)
    .update(identityUrl + issuedAt)
    .digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
