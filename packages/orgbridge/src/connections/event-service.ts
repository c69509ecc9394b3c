import type { EventType } from '../domain/event-type.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { createRepositories } from '../store/repositories.ts';
import type { ConnectionsContext } from './connections-context.ts';

/** An event as the API shows it (DESIGN §5). `data` is secret-free by construction. */
export interface EventView {
  id: string;
  type: EventType;
  workspaceId: string;
  /** Null for workspace-wide events; kept after the connection is deleted. */
  connectionId: string | null;
  /** ISO 8601. */
  occurredAt: string;
  data: Record<string, unknown>;
}

/** One page of the event log. */
export interface EventPage {
  events: EventView[];
  /**
   * Where to resume: pass it as `after` to get the events that follow. Always present once
   * any event was seen, so a poller keeps it even when a page comes back empty; null only for an
   * empty log read from its start.
   */
  nextCursor: string | null;
}

export interface ListEventsOptions {
  /** A `nextCursor` from an earlier page; absent: from the start of the log. */
  after?: string;
  /** Page size, 1 to {@link MAX_EVENT_PAGE} (default {@link DEFAULT_EVENT_PAGE}). */
  limit?: number;
  /** Only this connection's events (including those of a deleted connection). */
  connectionId?: string;
}

export const DEFAULT_EVENT_PAGE = 100;
export const MAX_EVENT_PAGE = 1000;

/** A cursor is the event's sequence number, as a decimal string. */
const CURSOR = /^(0|[1-9]\d{0,14})$/;

/**
 * A workspace's events in the order they happened, after a cursor. Fails with
 * `VALIDATION_FAILED` for a malformed cursor or a limit out of range.
 */
export async function listEvents(
  ctx: Pick<ConnectionsContext, 'db'>,
  workspaceId: string,
  options: ListEventsOptions = {},
): Promise<EventPage> {
  if (options.after !== undefined && !CURSOR.test(options.after))
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'after must be a cursor from nextCursor', {
      details: { field: 'after' },
    });
  const limit = options.limit ?? DEFAULT_EVENT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `limit must be an integer from 1 to ${MAX_EVENT_PAGE}`,
      { details: { field: 'limit' } },
    );
  const rows = await createRepositories(ctx.db).events.list({
    workspaceId,
    limit,
    ...(options.after === undefined ? {} : { afterSeq: Number(options.after) }),
    ...(options.connectionId === undefined ? {} : { connectionId: options.connectionId }),
  });
  const last = rows.at(-1);
  return {
    events: rows.map((row) => ({
      id: row.id,
      type: row.type as EventType,
      workspaceId: row.workspace_id,
      connectionId: row.connection_id,
      occurredAt: new Date(Number(row.occurred_at)).toISOString(),
      data: JSON.parse(row.data) as Record<string, unknown>,
    })),
    nextCursor: last ? String(last.seq) : (options.after ?? null),
  };
}
