import { AppError, ErrorCode, isAppError } from '../errors.ts';
import { READ_ONLY_SYNC_DEFAULT_OBJECTS } from '../permissions/index.ts';
import type { HealthServices } from '../connections/health-check.ts';
import { unusable } from '../connections/token-service.ts';
import { salesforceOutcome } from '../salesforce/index.ts';
import { createRepositories, inTransaction } from '../store/repositories.ts';
import type { SyncMappingRow } from '../store/sync-repository.ts';
import { describeObject } from './describe.ts';
import { isSalesforceName } from './pull-query.ts';
import type { ConflictPolicy } from './push-conflicts.ts';

/**
 * The objects a connection syncs when its mappings are set without a list: the same as the
 * `read-only-sync` preset checks, so a default sync and its permission check agree.
 */
export const DEFAULT_OBJECTS: readonly string[] = READ_ONLY_SYNC_DEFAULT_OBJECTS;

export type SyncDirection = 'pull' | 'push' | 'both';

/** One mapping as the API takes it. */
export interface MappingInput {
  object: string;
  /** Field names; absent or null for every field the user can read (new fields included). */
  fields?: string[] | null;
  /** A SOQL condition (`Industry = 'Energy'`), checked by running it once. */
  filter?: string | null;
  direction?: SyncDirection;
  /** How pushed updates resolve conflicts with Salesforce-side changes (default last writer wins). */
  conflictPolicy?: ConflictPolicy;
}

/** One mapping with its sync state, for `GET /connections/{id}/sync`. */
export interface MappingView {
  id: string;
  object: string;
  fields: string[] | null;
  filter: string | null;
  direction: string;
  conflictPolicy: string;
  phase: string;
  records: number;
  cursor: { systemModstamp: string; id: string | null } | null;
  changeSeq: number;
  running: boolean;
  runRecords: number;
  runStartedAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  lastError: string | null;
  /** Mapped fields that no longer exist in Salesforce or are no longer readable. */
  missingFields: string[];
  /** The current run, or the last one: how it reads, how far, how fast, how long to go. */
  progress: {
    method: string | null;
    read: number;
    /** Records the run expects (a first load counts first); null when unknown. */
    expected: number | null;
    ratePerSecond: number | null;
    etaSeconds: number | null;
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toMappingView(row: SyncMappingRow, now: number): MappingView {
  return {
    id: row.id,
    object: row.object,
    fields: row.fields === null ? null : (JSON.parse(row.fields) as string[]),
    filter: row.filter,
    direction: row.direction,
    conflictPolicy: row.conflict_policy ?? 'last_writer_wins',
    phase: row.phase,
    records: Number(row.records_total),
    cursor:
      row.cursor_modstamp === null
        ? null
        : { systemModstamp: row.cursor_modstamp, id: row.cursor_id },
    changeSeq: Number(row.change_seq),
    running: row.run_until !== null && row.run_until > now,
    runRecords: Number(row.run_records),
    runStartedAt: iso(row.run_started_at),
    lastSuccessAt: iso(row.last_success_at),
    nextRunAt: iso(row.next_run_at),
    lastError: row.last_error,
    missingFields: row.missing_fields === null ? [] : (JSON.parse(row.missing_fields) as string[]),
    progress: progressOf(row, now),
  };
}

function progressOf(row: SyncMappingRow, now: number): MappingView['progress'] {
  const read = Number(row.run_records);
  const expected = row.run_expected === null ? null : Number(row.run_expected);
  const running = row.run_until !== null && row.run_until > now;
  const elapsed = row.run_started_at === null ? 0 : (now - row.run_started_at) / 1000;
  const rate = running && elapsed > 0 ? read / elapsed : null;
  const eta =
    rate !== null && rate > 0 && expected !== null ? Math.max(0, (expected - read) / rate) : null;
  return {
    method: row.run_method,
    read,
    expected,
    ratePerSecond: rate === null ? null : Math.round(rate),
    etaSeconds: eta === null ? null : Math.round(eta),
  };
}

const invalid = (message: string, field: string) =>
  new AppError(ErrorCode.VALIDATION_FAILED, message, { details: { field } });

/**
 * Replaces a connection's mappings (`PUT /connections/{id}/mappings`). Each object and field is
 * checked against describe as the connection's user sees it, and each filter by running it once,
 * so a mistake is a clear `VALIDATION_FAILED` now rather than a failing sync later. A mapping
 * that stays keeps its cursor and records; a removed mapping loses both. Needs a working
 * connection (the check asks Salesforce).
 */
export async function putMappings(
  services: HealthServices,
  workspaceId: string,
  connectionId: string,
  requested: MappingInput[],
  options: { skipUnreadable?: boolean } = {},
): Promise<MappingView[]> {
  const { ctx, client } = services;
  const inputs: MappingInput[] = [];
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  const refusal = unusable(row);
  if (refusal) throw refusal;
  const seen = new Set<string>();
  for (const [i, input] of requested.entries()) {
    if (!isSalesforceName(input.object))
      throw invalid(`"${input.object}" is not an object name`, `mappings[${i}].object`);
    if (seen.has(input.object.toLowerCase()))
      throw invalid(`${input.object} is mapped twice`, `mappings[${i}].object`);
    seen.add(input.object.toLowerCase());
    let shape;
    try {
      shape = await describeObject(client, connectionId, input.object);
      if (!shape.queryable)
        throw invalid(`${input.object} cannot be queried`, `mappings[${i}].object`);
    } catch (error) {
      // The defaults take what the user can read; a list given explicitly must all be readable.
      if (options.skipUnreadable && isAppError(error, ErrorCode.VALIDATION_FAILED)) continue;
      throw error;
    }
    inputs.push(input);
    const unknown = (input.fields ?? []).filter(
      (f) => !isSalesforceName(f) || !shape.fields.has(f),
    );
    if (unknown.length > 0)
      throw invalid(
        `${input.object} has no field the user can read named ${unknown.join(', ')}`,
        `mappings[${i}].fields`,
      );
    if (input.filter) {
      try {
        await client.request(connectionId, {
          path: `/services/data/{version}/query?q=${encodeURIComponent(`SELECT Id FROM ${shape.name} WHERE (${input.filter}) LIMIT 1`)}`,
        });
      } catch (error) {
        if (salesforceOutcome(error)?.kind !== 'invalid_request') throw error;
        throw invalid(
          `the filter is not a valid SOQL condition for ${input.object}`,
          `mappings[${i}].filter`,
        );
      }
    }
  }
  const now = ctx.now();
  await inTransaction(ctx.db, async (trx) => {
    const existing = new Map(
      (await trx.sync.listMappings(connectionId)).map((m) => [m.object.toLowerCase(), m]),
    );
    for (const input of inputs) {
      const fields = input.fields ? JSON.stringify(input.fields) : null;
      const found = existing.get(input.object.toLowerCase());
      existing.delete(input.object.toLowerCase());
      if (found) {
        await trx.sync.updateMapping(found.id, {
          fields,
          filter: input.filter ?? null,
          direction: input.direction ?? 'pull',
          conflict_policy: input.conflictPolicy ?? null,
          updated_at: now,
        });
        continue;
      }
      await trx.sync.insertMapping({
        id: ctx.newId('map'),
        connection_id: connectionId,
        object: input.object,
        fields,
        filter: input.filter ?? null,
        direction: input.direction ?? 'pull',
        conflict_policy: input.conflictPolicy ?? null,
        created_at: now,
        updated_at: now,
        cursor_modstamp: null,
        cursor_id: null,
        run_holder: null,
        run_until: null,
        next_run_at: null,
        phase: 'initial',
        run_started_at: null,
        run_expected: null,
        run_method: null,
        last_success_at: null,
        last_error: null,
        missing_fields: null,
      });
    }
    for (const removed of existing.values()) {
      await trx.sync.deleteRecords(connectionId, removed.object);
      await trx.sync.deleteMapping(removed.id);
    }
  });
  return listMappings(services.ctx, workspaceId, connectionId);
}

export async function listMappings(
  ctx: HealthServices['ctx'],
  workspaceId: string,
  connectionId: string,
): Promise<MappingView[]> {
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  const now = ctx.now();
  return (await repos.sync.listMappings(connectionId)).map((m) => toMappingView(m, now));
}
