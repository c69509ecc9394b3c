import { budgetPercent, overBudget } from '../connections/api-usage.ts';
import type { HealthServices } from '../connections/health-check.ts';
import { appendEvents } from '../connections/event-log.ts';
import { isAppError } from '../errors.ts';
import { salesforceOutcome } from '../salesforce/index.ts';
import type { SyncedRecordRow, SyncMappingRow } from '../store/sync-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { isEcho } from './push-echo.ts';
import { describeObject, pulledFields } from './describe.ts';
import { bulkQueryAll, BulkUnavailable } from './bulk-query.ts';
import { normalizeModstamp, pageQuery, soqlString, type PageStart } from './pull-query.ts';
import { batchOf, type PulledBatch } from './pulled-batch.ts';

/** How a pull run ended. */
export type PullOutcome =
  | { kind: 'completed'; records: number; changed: number }
  /** The connection cannot work now (needs re-authorization, disabled, over its API budget). */
  | { kind: 'paused'; reason: string }
  /** Another process holds this mapping's run. */
  | { kind: 'busy' }
  | { kind: 'failed'; error: string };

export interface PullOptions {
  /** Identifies this process in run leases. */
  holderId: string;
  /** Records per query page (Salesforce returns at most 2,000 per page). */
  pageSize?: number;
  /** How long a run lease lasts; renewed every third of it while the run lasts, and per page. */
  leaseMs?: number;
  /** Re-read this far behind the cursor on incremental runs (late-committing transactions). */
  overlapMs?: number;
  /** When the mapping runs next after this run. */
  intervalMs?: number;
  /** A first load of at least this many records goes through Bulk API 2.0 (default 10,000). */
  bulkThreshold?: number;
  /** Bulk job status polling interval. */
  bulkPollMs?: number;
}

const DEFAULTS = {
  pageSize: 2000,
  leaseMs: 60_000,
  overlapMs: 5 * 60_000,
  intervalMs: 30_000,
  bulkThreshold: 10_000,
  bulkPollMs: 500,
};

interface QueryPage {
  records: Array<
    Record<string, unknown> & { Id: string; SystemModstamp: string; IsDeleted?: boolean }
  >;
}

/**
 * One pull of one mapping (DESIGN §2 "cursor"): pages of `queryAll` in (SystemModstamp, Id) order
 * after the cursor, each page's changed records and the advanced cursor committed in one
 * transaction, so a process killed at any point resumes exactly there with nothing lost and
 * nothing applied twice (upserts are keyed by Id and skip records whose SystemModstamp and
 * deletion state are unchanged). Deleted records arrive with `IsDeleted = true` and are kept as
 * tombstones for the change feed. The first pass reads from the beginning; later passes start
 * `overlapMs` behind the cursor to catch transactions that committed late. One run per mapping
 * at a time, across processes (a lease renewed while the run lasts).
 */
export async function runPull(
  services: HealthServices,
  mappingId: string,
  options: PullOptions,
): Promise<PullOutcome> {
  const { ctx } = services;
  const { pageSize, leaseMs, overlapMs, intervalMs, bulkThreshold, bulkPollMs } = {
    ...DEFAULTS,
    ...(ctx.config.syncIntervalMs ? { intervalMs: ctx.config.syncIntervalMs } : {}),
    ...(ctx.config.syncLeaseMs ? { leaseMs: ctx.config.syncLeaseMs } : {}),
    ...options,
  };
  const repos = createRepositories(ctx.db);
  const mapping = await repos.sync.findMapping(mappingId);
  if (!mapping) return { kind: 'failed', error: 'mapping not found' };
  if (!(await repos.sync.acquireRun(mappingId, options.holderId, ctx.now(), ctx.now() + leaseMs)))
    return { kind: 'busy' };
  // The lease is the only sign that this run is alive. A page slower than the lease (a slow org,
  // a loaded machine) must not let another process take over a run that is working, or the two
  // take it from each other forever: renew it on a timer while the run lasts. A killed process
  // stops renewing, and its run is taken over a lease later.
  let beat: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(
    () => {
      beat = repos.sync
        .acquireRun(mappingId, options.holderId, ctx.now(), ctx.now() + leaseMs)
        .catch(() => false);
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  let outcome: PullOutcome;
  try {
    outcome = await pullPages(services, mapping, {
      pageSize,
      leaseMs,
      overlapMs,
      bulkThreshold,
      bulkPollMs,
      holderId: options.holderId,
    });
  } catch (error) {
    outcome = { kind: 'failed', error: isAppError(error) ? error.message : 'internal error' };
    const kind = salesforceOutcome(error)?.kind;
    if (kind === 'needs_reauth' || kind === 'rate_limited')
      outcome = {
        kind: 'paused',
        reason: kind === 'rate_limited' ? 'api_limit_exceeded' : 'needs_reauth',
      };
    else if (
      isAppError(error) &&
      (error.code === 'REAUTH_REQUIRED' || error.code === 'CONNECTION_DISABLED')
    )
      outcome = {
        kind: 'paused',
        reason: error.code === 'REAUTH_REQUIRED' ? 'needs_reauth' : 'disabled',
      };
    if (!isAppError(error)) throw error;
  } finally {
    clearInterval(heartbeat);
    // A renewal still in flight must not land after the release and hold the mapping again.
    await beat;
    await repos.sync.releaseRun(mappingId, options.holderId, ctx.now() + intervalMs);
  }
  await recordOutcome(services, mapping, outcome);
  return outcome;
}

async function pullPages(
  services: HealthServices,
  mapping: SyncMappingRow,
  options: {
    pageSize: number;
    leaseMs: number;
    overlapMs: number;
    bulkThreshold: number;
    bulkPollMs: number;
    holderId: string;
  },
): Promise<PullOutcome> {
  const { ctx, client } = services;
  const repos = createRepositories(ctx.db);
  const connection = await repos.connections.find(mapping.connection_id);
  if (!connection) return { kind: 'failed', error: 'connection not found' };
  if (connection.status !== 'active' && connection.status !== 'degraded')
    return { kind: 'paused', reason: connection.status };
  if (overBudget(connection, budgetPercent(ctx))) return { kind: 'paused', reason: 'api_budget' };

  const shape = await describeObject(client, connection.id, mapping.object);
  const wanted = mapping.fields === null ? null : (JSON.parse(mapping.fields) as string[]);
  const { fields, missing } = pulledFields(shape, wanted);
  const missingJson = missing.length > 0 ? JSON.stringify(missing) : null;
  if (missingJson !== mapping.missing_fields)
    await repos.sync.updateMapping(mapping.id, { missing_fields: missingJson });

  const startedIncremental = mapping.phase === 'incremental';
  const startCursor = mapping.cursor_modstamp;
  await repos.sync.updateMapping(mapping.id, {
    run_started_at: ctx.now(),
    run_records: 0,
    run_expected: null,
    run_method: 'rest',
  });
  let records = 0;
  let changed = 0;
  // On a first load into an empty mapping no record can be "unchanged", so the per-batch lookup
  // of stored SystemModstamps is skipped: a record read twice in one pass has changed in
  // between, and its second reading is a real change. Only this run writes (it holds the lease).
  // After a Bulk job the keyset pass re-reads an overlap, so it looks up again.
  let skipLookups =
    mapping.cursor_modstamp === null &&
    (await repos.sync.countAll(connection.id, mapping.object)) === 0;
  // Only connections that pushed lately compare pulled records with what orgbridge wrote.
  const echoes = await repos.outbox.hasEchoes(connection.id, mapping.object);
  const commit = (batch: PulledBatch, cursor: PageStart | null) =>
    commitBatch(services, mapping, batch, cursor, {
      ...options,
      empty: skipLookups,
      echoes: echoes && !skipLookups,
    });

  // A first load: count, and above the threshold read it all through one Bulk API job.
  if (mapping.cursor_modstamp === null && mapping.phase === 'initial') {
    const where = mapping.filter ? ` WHERE (${mapping.filter})` : '';
    const counted = await client.request<{ totalSize: number }>(connection.id, {
      path: `/services/data/{version}/queryAll?q=${encodeURIComponent(`SELECT COUNT() FROM ${mapping.object}${where}`)}`,
    });
    const expected = counted.body.totalSize;
    await repos.sync.updateMapping(mapping.id, { run_expected: expected });
    if (expected >= options.bulkThreshold) {
      try {
        let createdDate: string | null = null;
        await repos.sync.updateMapping(mapping.id, { run_method: 'bulk' });
        const batches = bulkQueryAll(
          client,
          connection.id,
          `SELECT ${fields.join(', ')} FROM ${mapping.object}${where}`,
          shape.fields,
          {
            pollMs: options.bulkPollMs,
            // A long job needs no renewal of its own: runPull renews the lease while it runs.
            onCreated: (at) => (createdDate = at),
          },
        );
        // One batch of lookahead: the next batch streams in while this one commits.
        const iterator = batches[Symbol.asyncIterator]();
        let upcoming = iterator.next();
        upcoming.catch(() => undefined);
        try {
          for (;;) {
            const batch = await upcoming;
            if (batch.done) break;
            upcoming = iterator.next();
            upcoming.catch(() => undefined);
            records += batch.value.ids.length;
            changed += await commit(batch.value, null);
          }
        } finally {
          await iterator.return?.(undefined);
        }
        // Everything changed before the job started is in its results; what changed during it
        // is read next, from a little before the job's creation, in (SystemModstamp, Id) order.
        const since = Date.parse(
          normalizeModstamp(createdDate ?? new Date(ctx.now()).toISOString()),
        );
        await repos.sync.updateMapping(mapping.id, {
          cursor_modstamp: new Date(since - options.overlapMs).toISOString(),
          cursor_id: '',
        });
        mapping = (await repos.sync.findMapping(mapping.id)) ?? mapping;
        skipLookups = false;
      } catch (error) {
        if (!(error instanceof BulkUnavailable)) throw error;
        // Bulk does not serve this object (or the job failed): the same load through REST.
        await repos.sync.updateMapping(mapping.id, { run_method: 'rest' });
      }
    }
  }

  let after: PageStart | null =
    mapping.cursor_modstamp === null
      ? null
      : mapping.phase === 'initial'
        ? { modstamp: mapping.cursor_modstamp, id: mapping.cursor_id ?? '' }
        : {
            modstamp: new Date(
              Date.parse(mapping.cursor_modstamp) - options.overlapMs,
            ).toISOString(),
            id: '',
          };
  for (;;) {
    const soql = pageQuery({
      object: mapping.object,
      fields,
      filter: mapping.filter,
      after,
      limit: options.pageSize,
    });
    const page = await client.request<QueryPage>(connection.id, {
      path: `/services/data/{version}/queryAll?q=${encodeURIComponent(soql)}`,
    });
    const rows = page.body.records;
    if (rows.length === 0) break;
    records += rows.length;
    const last = rows.at(-1)!;
    const next: PageStart = { modstamp: normalizeModstamp(last.SystemModstamp), id: last.Id };
    changed += await commit(batchOf(rows), next);
    after = next;
    if (rows.length < options.pageSize) break;
  }
  // Deletes that queryAll cannot show: records emptied from the recycle bin (the `deleted`
  // resource still lists them for 15 days), or, after a pause longer than that, any delete at all.
  if (startedIncremental) {
    const pausedFor = mapping.last_success_at === null ? 0 : ctx.now() - mapping.last_success_at;
    changed +=
      pausedFor >= RECONCILE_AFTER_MS
        ? await reconcileById(services, mapping, options)
        : await deletedSince(services, mapping, startCursor, options);
  }
  return { kind: 'completed', records, changed };
}

/**
 * Commits one batch of pulled records in one transaction with the mapping's progress and, when
 * given, its advanced cursor: records whose SystemModstamp, deletion state and fields are
 * unchanged are skipped (so re-reading never re-emits), the others upserted with the next change-feed numbers.
 * Returns how many changed. Fails if another process took the run lease meanwhile.
 */
async function commitBatch(
  services: HealthServices,
  mapping: SyncMappingRow,
  batch: PulledBatch,
  cursor: PageStart | null,
  options: { leaseMs: number; holderId: string; empty?: boolean; echoes?: boolean },
): Promise<number> {
  const { ctx } = services;
  return inTransaction(ctx.db, async (trx) => {
    const current = await trx.sync.lockMapping(mapping.id);
    if (!current || current.run_holder !== options.holderId) throw new Error('run lease lost');
    const stored = options.empty
      ? new Map<string, string>()
      : await trx.sync.storedVersions(mapping.connection_id, mapping.object, batch.ids);
    let seq = Number(current.change_seq);
    const now = ctx.now();
    const echoes = options.echoes ? await echoesOf(trx, mapping, batch) : null;
    const upserts: SyncedRecordRow[] = [];
    for (let i = 0; i < batch.ids.length; i += 1) {
      const id = batch.ids[i]!;
      const modstamp = batch.modstamps[i]!;
      const deleted = batch.deleted[i]!;
      if (stored.get(id) === `${modstamp}|${deleted}|${batch.data[i]!}`) continue;
      const echo = echoes?.byId.get(id);
      // orgbridge's own write coming back: stored, but not put in the change feed again.
      const quiet =
        echo !== undefined &&
        deleted === 0 &&
        isEcho(
          JSON.parse(batch.data[i]!) as Record<string, unknown>,
          echoes!.stored.get(id) ?? null,
          echo,
          now,
        );
      upserts.push({
        connection_id: mapping.connection_id,
        object: mapping.object,
        record_id: id,
        system_modstamp: modstamp,
        is_deleted: deleted,
        data: batch.data[i]!,
        change_seq: quiet ? (echoes!.seqs.get(id) ?? 0) : ++seq,
        synced_at: now,
        seen_in: null,
      });
    }
    await trx.sync.upsertRecords(upserts);
    if (echoes && echoes.byId.size > 0)
      await trx.outbox.forgetEchoes(mapping.connection_id, mapping.object, [...echoes.byId.keys()]);
    await trx.sync.updateMapping(mapping.id, {
      ...(cursor ? { cursor_modstamp: cursor.modstamp, cursor_id: cursor.id } : {}),
      change_seq: seq,
      run_records: Number(current.run_records) + batch.ids.length,
      run_until: now + options.leaseMs,
    });
    return upserts.length;
  });
}

/** The echoes remembered for a batch's records, with the stored copies to compare against. */
async function echoesOf(trx: Repositories, mapping: SyncMappingRow, batch: PulledBatch) {
  const rows = await trx.outbox.echoes(mapping.connection_id, mapping.object, batch.ids);
  const byId = new Map(rows.map((r) => [r.record_id, r]));
  const storedRows =
    byId.size === 0
      ? []
      : await trx.sync.recordsByIds(mapping.connection_id, mapping.object, [...byId.keys()]);
  return {
    byId,
    stored: new Map(
      storedRows.map((r) => [r.record_id, JSON.parse(r.data) as Record<string, unknown>]),
    ),
    seqs: new Map(storedRows.map((r) => [r.record_id, Number(r.change_seq)])),
  };
}

/** Below Salesforce's 15-day recycle-bin window, with a day to spare. */
const RECONCILE_AFTER_MS = 14 * 86_400_000;
const MINUTE_MS = 60_000;

/** Marks local records deleted (tombstones for the change feed), in one transaction. */
async function tombstone(
  services: HealthServices,
  mapping: SyncMappingRow,
  rows: SyncedRecordRow[],
  deletedAt: (row: SyncedRecordRow) => string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const { ctx } = services;
  return inTransaction(ctx.db, async (trx) => {
    const current = await trx.sync.lockMapping(mapping.id);
    if (!current) return 0;
    let seq = Number(current.change_seq);
    const now = ctx.now();
    await trx.sync.upsertRecords(
      rows.map((row) => ({
        ...row,
        system_modstamp: deletedAt(row),
        is_deleted: 1,
        data: JSON.stringify({ ...(JSON.parse(row.data) as object), IsDeleted: true }),
        change_seq: ++seq,
        synced_at: now,
      })),
    );
    await trx.sync.updateMapping(mapping.id, { change_seq: seq });
    return rows.length;
  });
}

/**
 * The `deleted` resource for the window since the run's starting cursor: records deleted and
 * already emptied from the recycle bin, which `queryAll` no longer returns. An object that is
 * not replicateable (the resource refuses it) is skipped.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm
 */
async function deletedSince(
  services: HealthServices,
  mapping: SyncMappingRow,
  since: string | null,
  options: { overlapMs: number },
): Promise<number> {
  const { ctx, client } = services;
  if (since === null) return 0;
  const now = ctx.now();
  const start = Math.max(Date.parse(since) - options.overlapMs, now - RECONCILE_AFTER_MS);
  const end = Math.ceil((now + 1) / MINUTE_MS) * MINUTE_MS;
  const at = (ms: number) => new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString();
  let deleted: Array<{ id: string; deletedDate: string }>;
  try {
    const query = new URLSearchParams({ start: at(start), end: at(end) });
    deleted = (
      await client.request<{ deletedRecords: Array<{ id: string; deletedDate: string }> }>(
        mapping.connection_id,
        {
          path: `/services/data/{version}/sobjects/${mapping.object}/deleted/?${query.toString()}`,
        },
      )
    ).body.deletedRecords;
  } catch (error) {
    if (salesforceOutcome(error)?.kind === 'invalid_request') return 0;
    throw error;
  }
  const when = new Map(deleted.map((d) => [d.id, normalizeModstamp(d.deletedDate)]));
  const live = await createRepositories(ctx.db).sync.liveAmong(
    mapping.connection_id,
    mapping.object,
    [...when.keys()],
  );
  return tombstone(
    services,
    mapping,
    live,
    (row) => when.get(row.record_id) ?? row.system_modstamp,
  );
}

/**
 * After a pause longer than Salesforce keeps deletes visible (15 days), neither `queryAll` nor
 * the `deleted` resource can tell what was deleted meanwhile: every Id still alive in Salesforce
 * is read (pages of `SELECT Id … ORDER BY Id`) and marked seen by this pass in the database, and
 * every local record left unseen is marked deleted. Memory stays flat; a pass cut short by a
 * crash is simply run again under a new name.
 */
async function reconcileById(
  services: HealthServices,
  mapping: SyncMappingRow,
  options: { pageSize: number },
): Promise<number> {
  const { ctx, client } = services;
  const repos = createRepositories(ctx.db);
  const pass = ctx.newId('rec');
  let afterId = '';
  for (;;) {
    const conditions = afterId === '' ? [] : [`Id > ${soqlString(afterId)}`];
    if (mapping.filter) conditions.push(`(${mapping.filter})`);
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const soql = `SELECT Id FROM ${mapping.object}${where} ORDER BY Id LIMIT ${options.pageSize}`;
    const page = await client.request<{ records: Array<{ Id: string }> }>(mapping.connection_id, {
      path: `/services/data/{version}/query?q=${encodeURIComponent(soql)}`,
    });
    const ids = page.body.records.map((r) => r.Id);
    if (ids.length === 0) break;
    await repos.sync.markSeen(mapping.connection_id, mapping.object, ids, pass);
    afterId = ids.at(-1)!;
    if (ids.length < options.pageSize) break;
  }
  const now = new Date(ctx.now()).toISOString();
  let gone = 0;
  for (;;) {
    const unseen = await repos.sync.unseenLive(mapping.connection_id, mapping.object, pass, 500);
    if (unseen.length === 0) return gone;
    gone += await tombstone(services, mapping, unseen, () => now);
  }
}

/**
 * Stores how the run ended, and announces what changed: `sync.completed` when a mapping's first
 * full pass ends or a failing mapping recovers; `sync.failed` once when a mapping starts failing.
 * A paused run changes nothing: the cursor stays where it is for the catch-up.
 */
async function recordOutcome(
  services: HealthServices,
  mapping: SyncMappingRow,
  outcome: PullOutcome,
): Promise<void> {
  const { ctx } = services;
  if (outcome.kind === 'busy' || outcome.kind === 'paused') {
    if (outcome.kind === 'paused')
      await createRepositories(ctx.db).sync.updateMapping(mapping.id, {
        last_error: `paused: ${outcome.reason}`,
      });
    return;
  }
  await inTransaction(ctx.db, async (trx) => {
    const current = await trx.sync.lockMapping(mapping.id);
    const connection = await trx.connections.find(mapping.connection_id);
    if (!current || !connection) return;
    const wasFailing = current.last_error !== null && !current.last_error.startsWith('paused');
    const now = ctx.now();
    if (outcome.kind === 'completed') {
      const total = await trx.sync.countRecords(connection.id, mapping.object);
      await trx.sync.updateMapping(mapping.id, {
        phase: 'incremental',
        last_success_at: now,
        last_error: null,
        records_total: total,
      });
      if (current.phase === 'initial' || wasFailing)
        await appendEvents(trx, {
          types: ['sync.completed'],
          workspaceId: connection.workspace_id,
          connectionId: connection.id,
          data: { object: mapping.object, records: total, initial: current.phase === 'initial' },
          now,
          newId: ctx.newId,
        });
      return;
    }
    await trx.sync.updateMapping(mapping.id, { last_error: outcome.error });
    if (!wasFailing)
      await appendEvents(trx, {
        types: ['sync.failed'],
        workspaceId: connection.workspace_id,
        connectionId: connection.id,
        data: { object: mapping.object, error: outcome.error },
        now,
        newId: ctx.newId,
      });
  });
}
