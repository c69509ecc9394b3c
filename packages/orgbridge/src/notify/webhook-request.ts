import type { DueDelivery } from '../store/delivery-state.ts';
import { webhookBody } from './webhook-payload.ts';
import { signWebhookPayload } from './webhook-signature.ts';

/** The headers of every webhook request (docs/notifications.md). */
export const WEBHOOK_HEADERS = {
  eventId: 'Orgbridge-Event-Id',
  eventType: 'Orgbridge-Event-Type',
  deliveryId: 'Orgbridge-Delivery-Id',
  timestamp: 'Orgbridge-Timestamp',
  signature: 'Orgbridge-Signature',
} as const;

/**
 * Sends one delivery: a signed JSON POST of the event to `url`. Returns the receiver's
 * `Response` (its body already discarded: only the status counts); rejects as `fetch` does
 * (network failure, `signal` aborted or timed out).
 */
export async function sendWebhook(
  fetch: typeof globalThis.fetch,
  url: string,
  request: { delivery: DueDelivery & { id: string }; secret: string; timestampSec: number },
  signal: AbortSignal,
): Promise<Response> {
  const { delivery, secret, timestampSec } = request;
  const body = webhookBody(delivery);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'orgbridge-webhooks/1',
      [WEBHOOK_HEADERS.eventId]: delivery.event_id,
      [WEBHOOK_HEADERS.eventType]: delivery.event_type,
      [WEBHOOK_HEADERS.deliveryId]: delivery.id,
      [WEBHOOK_HEADERS.timestamp]: String(timestampSec),
      [WEBHOOK_HEADERS.signature]: signWebhookPayload(secret, timestampSec, body),
    },
    body,
    // A redirect is an answer, not a success: following it would send the event elsewhere.
    redirect: 'manual',
    signal,
  });
  // Dropping the body frees the connection at once.
  await response.body?.cancel().catch(() => undefined);
  return response;
}

/** Null for a 2xx answer; otherwise why the attempt failed, for the delivery log. */
export function describeAnswer(status: number): string | null {
  if (status >= 200 && status <= 299) return null;
  const redirect = status >= 300 && status <= 399 ? ' (redirects are not followed)' : '';
  return `the receiver answered HTTP ${status}${redirect}`;
}
