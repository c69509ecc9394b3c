import { AppError, ErrorCode } from '../errors.ts';
import type { ConnectionsContext } from '../connections/connections-context.ts';
import { createRepositories } from '../store/repositories.ts';

/** One entry of the change feed. */
export interface Change {
  /** Resume after this to get what came next. */
  cursor: string;
  operation: 'upsert' | 'delete';
  id: string;
  systemModstamp: string;
  /** The record's fields as pulled (for deletes, the last known state). */
  record: Record<string, unknown>;
}

export interface ChangePage {
  changes: Change[];
  /** Pass back as `cursor` for the next page; unchanged when there was nothing new. */
  nextCursor: string;
  /** More changes are waiting: ask again at once. */
  hasMore: boolean;
}

/**
 * `GET /connections/{id}/objects/{object}/changes?cursor=`: the records pulled for a mapping, in
 * the order they changed, resumable from any cursor. The feed is compacted: a record appears
 * once, at its latest change, with its latest state, so a consumer that resumes from an old
 * cursor gets every record that changed since, never a state older than what it already saw.
 * Cursors are opaque strings (the mapping's sequence numbers today).
 */
export async function listChanges(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  object: string,
  cursor: string | undefined,
  limit: number,
): Promise<ChangePage> {
  const repos = createRepositories(ctx.db);
  const connection = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!connection)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  const mappings = await repos.sync.listMappings(connectionId);
  const mapping = mappings.find((m) => m.object.toLowerCase() === object.toLowerCase());
  if (!mapping)
    throw new AppError(ErrorCode.NOT_FOUND, `${object} is not mapped for this connection`, {
      details: { object },
    });
  const after = cursor === undefined || cursor === '' ? 0 : Number(cursor);
  if (!Number.isSafeInteger(after) || after < 0)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'cursor must be a value returned as nextCursor',
      {
        details: { field: 'cursor' },
      },
    );
  const rows = await repos.sync.changesAfter(connectionId, mapping.object, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    changes: page.map((r) => ({
      cursor: String(r.change_seq),
      operation: r.is_deleted === 1 ? 'delete' : 'upsert',
      id: r.record_id,
      systemModstamp: r.system_modstamp,
      record: JSON.parse(r.data) as Record<string, unknown>,
    })),
    nextCursor: page.length > 0 ? String(page.at(-1)!.change_seq) : String(after),
    hasMore: rows.length > limit,
  };
}
