import type { ConnectionsContext } from '../connections/connections-context.ts';
import { AppError, ErrorCode } from '../errors.ts';
import type { OutboxWriteRow } from '../store/outbox-repository.ts';
import { createRepositories, inTransaction } from '../store/repositories.ts';
import { normalizeModstamp } from './pull-query.ts';

/** One write as the host application sends it (validated by the HTTP schema). */
export type WriteInput =
  | { operation: 'insert'; fields: Record<string, FieldValue> }
  | {
      operation: 'update';
      id: string;
      fields: Record<string, FieldValue>;
      /** The record's SystemModstamp as the host application last saw it (conflict check). */
      baseVersion?: string;
    }
  | {
      operation: 'upsert';
      externalIdField: string;
      externalId: string;
      fields: Record<string, FieldValue>;
    }
  | { operation: 'delete'; id: string };

export type FieldValue = string | number | boolean | null;

/** A write and what became of it (`GET /connections/{id}/writes/{writeId}`). */
export interface WriteView {
  id: string;
  object: string;
  operation: string;
  state: 'pending' | 'sending' | 'succeeded' | 'failed';
  recordId: string | null;
  externalIdField: string | null;
  attempts: number;
  createdAt: string;
  completedAt: string | null;
  nextAttemptAt: string | null;
  result: { id: string | null; created: boolean } | null;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
  conflict: Record<string, unknown> | null;
}

/** Writes in one request, at most (the HTTP schema says the same). */
export const MAX_WRITES_PER_REQUEST = 10_000;

/** Which record a write is about: writes of one record are delivered in the order accepted. */
function recordKey(writeId: string, input: WriteInput): string {
  if (input.operation === 'insert') return `new:${writeId}`;
  if (input.operation === 'upsert')
    return `ext:${input.externalIdField.toLowerCase()}:${input.externalId}`;
  // 15- and 18-character Ids name the same record; the first 15 characters are the record.
  return `id:${input.id.slice(0, 15)}`;
}

function invalid(message: string, index: number, field: string): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, `writes[${index}]: ${message}`, {
    details: { field: `writes[${index}].${field}` },
  });
}

/**
 * `POST /connections/{id}/objects/{object}/writes`: commits every write of the request to the
 * outbox in one transaction before answering (all or none), each with its id, in order. Writes
 * are accepted whatever the connection's state: while it needs re-authorization or is disabled
 * they wait, and are delivered in order once it works again.
 */
export async function enqueueWrites(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  object: string,
  writes: WriteInput[],
): Promise<WriteView[]> {
  const now = ctx.now();
  const rows = writes.map((input, index) => {
    const id = ctx.newId('wr');
    const fields = input.operation === 'delete' ? {} : input.fields;
    for (const name of Object.keys(fields))
      if (name.toLowerCase() === 'id')
        throw invalid('the record Id goes in "id", not in "fields"', index, 'fields.Id');
    if (input.operation === 'update' && Object.keys(fields).length === 0)
      throw invalid('an update needs at least one field', index, 'fields');
    let baseVersion: string | null = null;
    if (input.operation === 'update' && input.baseVersion !== undefined) {
      try {
        baseVersion = normalizeModstamp(input.baseVersion);
      } catch {
        throw invalid('baseVersion must be a SystemModstamp', index, 'baseVersion');
      }
    }
    return {
      id,
      connection_id: connectionId,
      object,
      operation: input.operation,
      record_key: recordKey(id, input),
      record_id: 'id' in input ? input.id : null,
      external_id_field: input.operation === 'upsert' ? input.externalIdField : null,
      fields: JSON.stringify(
        input.operation === 'upsert'
          ? { ...fields, [input.externalIdField]: input.externalId }
          : fields,
      ),
      base_version: baseVersion,
      state: 'pending',
      next_attempt_at: now,
      sent_at: null,
      created_at: now,
      completed_at: null,
      result_id: null,
      result_created: null,
      errors: null,
      conflict: null,
    };
  });
  await inTransaction(ctx.db, async (repos) => {
    const connection = await repos.connections.findInWorkspace(workspaceId, connectionId);
    if (!connection)
      throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
        details: { connectionId },
      });
    await repos.outbox.insertWrites(rows);
  });
  return rows.map((row) => ({
    ...toWriteView({ ...row, seq: 0, attempts: 0 }),
  }));
}

export async function getWrite(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  writeId: string,
): Promise<WriteView> {
  const repos = createRepositories(ctx.db);
  const connection = await repos.connections.findInWorkspace(workspaceId, connectionId);
  const row = connection ? await repos.outbox.findWrite(connectionId, writeId) : undefined;
  if (!connection)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, 'no such write', { details: { writeId } });
  return toWriteView(row);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toWriteView(row: OutboxWriteRow): WriteView {
  const done = row.state === 'succeeded' || row.state === 'failed';
  return {
    id: row.id,
    object: row.object,
    operation: row.operation,
    state: row.state as WriteView['state'],
    recordId: row.result_id ?? row.record_id,
    externalIdField: row.operation === 'upsert' ? row.external_id_field : null,
    attempts: row.attempts,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: iso(row.completed_at),
    nextAttemptAt: done ? null : iso(row.next_attempt_at),
    result:
      row.state === 'succeeded' ? { id: row.result_id, created: row.result_created === 1 } : null,
    errors: row.errors === null ? [] : (JSON.parse(row.errors) as WriteView['errors']),
    conflict: row.conflict === null ? null : (JSON.parse(row.conflict) as Record<string, unknown>),
  };
}
