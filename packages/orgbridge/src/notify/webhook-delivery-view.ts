import type { DeliveryState } from '../store/delivery-state.ts';
import type { WebhookDeliveryRow } from '../store/webhook-delivery-repository.ts';

/** One entry of a webhook's delivery log, as the API shows it. Times are ISO 8601. */
export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  state: DeliveryState;
  /** Attempts made so far (a manual redelivery keeps counting). */
  attempts: number;
  /** The receiver's HTTP status of the last attempt; null when no answer came back. */
  lastStatusCode: number | null;
  /** Why the last attempt failed (status, timeout, connection refused, …); null after success. */
  lastError: string | null;
  lastAttemptAt: string | null;
  /** While pending: when the next attempt is due. */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** When retries stop and a pending delivery becomes failed. */
  expiresAt: string;
  createdAt: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function deliveryView(row: WebhookDeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state as DeliveryState,
    attempts: row.attempts,
    lastStatusCode: row.last_status,
    lastError: row.last_error,
    lastAttemptAt: iso(row.last_attempt_at),
    nextAttemptAt: row.state === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
    expiresAt: new Date(row.expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
