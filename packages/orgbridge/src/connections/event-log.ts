import type { EventType } from '../domain/event-type.ts';
import type { Repositories } from '../store/repositories.ts';

/**
 * Appends events for a connection in the caller's transaction, so an event exists exactly when
 * the change it announces was committed. `data` must be secret-free.
 */
export async function appendEvents(
  repos: Pick<Repositories, 'events'>,
  input: {
    types: readonly EventType[];
    workspaceId: string;
    connectionId: string | null;
    data: Record<string, unknown>;
    now: number;
    newId: (prefix: string) => string;
  },
): Promise<void> {
  for (const type of input.types) {
    await repos.events.append({
      id: input.newId('evt'),
      type,
      workspace_id: input.workspaceId,
      connection_id: input.connectionId,
      occurred_at: input.now,
      data: JSON.stringify(input.data),
    });
  }
}
