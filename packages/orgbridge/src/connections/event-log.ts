import type { EventType } from '../domain/event-type.ts';
import { queueNotifications, type FanOutRepositories } from '../notify/fan-out.ts';
import type { Repositories } from '../store/repositories.ts';

/**
 * Appends events for a connection in the caller's transaction, so an event exists exactly when
 * the change it announces was committed, and queues their webhook deliveries and emails in the
 * same transaction (notify/fan-out.ts). `data` must be secret-free.
 */
export async function appendEvents(
  repos: Pick<Repositories, 'events'> & FanOutRepositories,
  input: {
    types: readonly EventType[];
    workspaceId: string;
    connectionId: string | null;
    data: Record<string, unknown>;
    now: number;
    newId: (prefix: string) => string;
  },
): Promise<void> {
  const appended = [];
  for (const type of input.types) {
    const id = input.newId('evt');
    await repos.events.append({
      id,
      type,
      workspace_id: input.workspaceId,
      connection_id: input.connectionId,
      occurred_at: input.now,
      data: JSON.stringify(input.data),
    });
    appended.push({ id, type, workspaceId: input.workspaceId, occurredAt: input.now });
  }
  await queueNotifications(repos, appended, input.newId);
}
