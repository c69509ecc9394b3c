import type { Repositories } from '../store/repositories.ts';
import { isEmailEvent } from './email-events.ts';
import { subscribes } from './event-subscription.ts';
import { RETRY_WINDOW_MS } from './retry-schedule.ts';

/** The repositories fan-out writes through: the caller's transaction. */
export type FanOutRepositories = Pick<
  Repositories,
  'webhooks' | 'webhookDeliveries' | 'notificationSettings' | 'emailDeliveries'
>;

/** An event just appended, as fan-out needs it. */
export interface AppendedEvent {
  id: string;
  type: string;
  workspaceId: string;
  occurredAt: number;
}

/**
 * Queues the notifications of events just appended, in the caller's transaction: one webhook
 * delivery per event and subscription of the workspace that covers its type, and one email per
 * event and admin address for the email event types. Committed with the events or not at all,
 * so none is lost and none is queued twice (the tables' unique keys hold that too). All events
 * belong to one workspace.
 */
export async function queueNotifications(
  repos: FanOutRepositories,
  events: readonly AppendedEvent[],
  newId: (prefix: string) => string,
): Promise<void> {
  const workspaceId = events[0]?.workspaceId;
  if (workspaceId === undefined) return;
  const webhooks = await repos.webhooks.listForWorkspace(workspaceId);
  await repos.webhookDeliveries.insertMany(
    events.flatMap((event) =>
      webhooks
        .filter((w) => subscribes(w.events, event.type))
        .map((w) => ({
          id: newId('whd'),
          webhook_id: w.id,
          workspace_id: workspaceId,
          event_id: event.id,
          event_type: event.type,
          state: 'pending',
          next_attempt_at: event.occurredAt,
          expires_at: event.occurredAt + RETRY_WINDOW_MS,
          created_at: event.occurredAt,
        })),
    ),
  );
  const emailed = events.filter((e) => isEmailEvent(e.type));
  if (emailed.length === 0) return;
  const settings = await repos.notificationSettings.find(workspaceId);
  const recipients = settings ? (JSON.parse(settings.admin_emails) as string[]) : [];
  await repos.emailDeliveries.insertMany(
    emailed.flatMap((event) =>
      recipients.map((recipient) => ({
        id: newId('eml'),
        workspace_id: workspaceId,
        event_id: event.id,
        event_type: event.type,
        recipient,
        state: 'pending',
        next_attempt_at: event.occurredAt,
        expires_at: event.occurredAt + RETRY_WINDOW_MS,
        created_at: event.occurredAt,
      })),
    ),
  );
}
