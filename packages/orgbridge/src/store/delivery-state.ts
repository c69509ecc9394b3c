/**
 * The queue columns webhook and email deliveries share. A delivery is `pending` (due at
 * `next_attempt_at`), then `delivered`, or `failed` once its retry window has passed.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** What one attempt changed on a claimed delivery. */
export interface DeliverySettlement {
  state: DeliveryState;
  next_attempt_at: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

/** A due delivery with the event it carries. */
export interface DueDelivery {
  id: string;
  event_id: string;
  event_type: string;
  /** Due time as read: the claim is conditional on it. */
  next_attempt_at: number;
  attempts: number;
  expires_at: number;
  workspace_id: string;
  connection_id: string | null;
  occurred_at: number;
  /** The event's JSON data. */
  data: string;
}
