import type { DueDelivery } from '../store/delivery-state.ts';

/**
 * The JSON body of a webhook request: the event exactly as `GET /events` shows it,
 * `{ id, type, workspaceId, connectionId, occurredAt, data }` (DESIGN §5).
 */
export function webhookBody(delivery: DueDelivery): string {
  return JSON.stringify({
    id: delivery.event_id,
    type: delivery.event_type,
    workspaceId: delivery.workspace_id,
    connectionId: delivery.connection_id,
    occurredAt: new Date(delivery.occurred_at).toISOString(),
    data: JSON.parse(delivery.data) as unknown,
  });
}
