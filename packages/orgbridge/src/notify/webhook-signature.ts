import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature scheme's version, the `v1=` of `Orgbridge-Signature`. */
export const SIGNATURE_VERSION = 'v1';

/**
 * The `Orgbridge-Signature` header value for a request body: `v1=` and the hex HMAC-SHA256, keyed
 * with the webhook's secret (its UTF-8 bytes, `whsec_` prefix included), of
 * `${timestamp}.${body}` where `timestamp` is the `Orgbridge-Timestamp` header (unix seconds) and
 * `body` the raw request body exactly as sent.
 */
export function signWebhookPayload(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/**
 * Verifies a webhook request as a receiver should: the signature of `${timestamp}.${body}` with
 * the secret must equal one `v1=` value of the header (values are separated by commas or spaces,
 * so a receiver keeps working if more are ever sent), compared in constant time, and the
 * timestamp must be within `toleranceSec` of `nowSec` (replayed old requests are refused).
 * `body` must be the raw bytes received, not re-serialized JSON.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string | Buffer,
  header: string | null | undefined,
  toleranceSec = 300,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const seconds = typeof timestamp === 'number' ? timestamp : Number(timestamp);
  if (!Number.isSafeInteger(seconds) || String(seconds) !== String(timestamp).trim()) return false;
  if (Math.abs(nowSec - seconds) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${seconds}.`).update(body).digest();
  return header
    .split(/[\s,]+/)
    .filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
    .some((part) => {
      const given = Buffer.from(part.slice(SIGNATURE_VERSION.length + 1), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
