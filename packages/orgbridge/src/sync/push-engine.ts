import { budgetPercent, overBudget } from '../connections/api-usage.ts';
import type { HealthServices } from '../connections/health-check.ts';
import { appendEvents } from '../connections/event-log.ts';
import { isAppError } from '../errors.ts';
import { salesforceOutcome } from '../salesforce/index.ts';
import type { OutboxWriteRow } from '../store/outbox-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { describeObject } from './describe.ts';
import { sendIngestJob } from './push-bulk.ts';
import { COLLECTION_SIZE, sendCollection } from './push-collections.ts';
import {
  CONFLICT_POLICIES,
  resolveConflicts,
  type ConflictPolicy,
  type ConflictResolution,
} from './push-conflicts.ts';
import {
  alreadyDeleted,
  deliveryOf,
  isTransientRecordError,
  WRITE_ID_FIELD,
  type Delivery,
  type RecordResult,
} from './push-delivery.ts';

export type PushOutcome =
  | { kind: 'completed'; delivered: number; failed: number; retrying: number }
  | { kind: 'paused'; reason: string }
  | { kind: 'busy' };

export interface PushOptions {
  holderId: string;
  /** How long the delivery lease lasts; renewed with every call. */
  leaseMs?: number;
  /** A group of at least this many writes of one object and kind goes through Bulk ingest. */
  bulkThreshold?: number;
  bulkPollMs?: number;
  /** Writes read per round. */
  roundSize?: number;
}

const DEFAULTS = { leaseMs: 60_000, bulkThreshold: 2000, bulkPollMs: 500, roundSize: 10_000 };

/** Backoff of transient failures: 5 s doubling, at most 15 minutes, with full jitter. */
function backoff(attempts: number): number {
  const ceiling = Math.min(5000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
  return Math.ceil(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Writes that would go in one call: same object, same Salesforce call, same key field. */
function groupKey(d: Delivery): string {
  return `${d.row.object}|${d.call}|${d.keyField ?? ''}`;
}

/**
 * Delivers a connection's outbox (DESIGN §2 "outbox"): writes in the order they were accepted,
 * per record (two writes of one record never travel in one call, and a later one waits for the
 * earlier to finish), through sObject Collections or, for large groups, Bulk API 2.0 ingest.
 * Before a call its writes are committed as `sending`; after it, every record's result in one
 * transaction. A process that dies in between leaves them `sending`: the next run sends them
 * again, which is safe because every call is idempotent (updates and deletes by Id, upserts by
 * key, inserts as upserts by {@link WRITE_ID_FIELD}); an insert on an object without that field
 * cannot be, and is failed with `DELIVERY_UNCERTAIN` rather than risk a duplicate.
 * One delivery run per connection at a time, across processes.
 */
export async function runPush(
  services: HealthServices,
  connectionId: string,
  options: PushOptions,
): Promise<PushOutcome> {
  const { ctx } = services;
  // The pull's lease setting serves both: how long a run may go without progress.
  const settings = {
    ...DEFAULTS,
    ...(ctx.config.syncLeaseMs ? { leaseMs: ctx.config.syncLeaseMs } : {}),
    ...options,
  };
  const repos = createRepositories(ctx.db);
  const lease = () =>
    repos.outbox.acquireLease(
      connectionId,
      settings.holderId,
      ctx.now(),
      ctx.now() + settings.leaseMs,
    );
  if (!(await lease())) return { kind: 'busy' };
  try {
    const connection = await repos.connections.find(connectionId);
    if (!connection) return { kind: 'paused', reason: 'deleted' };
    if (connection.status !== 'active' && connection.status !== 'degraded')
      return { kind: 'paused', reason: connection.status };
    if (overBudget(connection, budgetPercent(ctx))) return { kind: 'paused', reason: 'api_budget' };
    const run = new PushRun(services, connectionId, connection.workspace_id, settings, lease);
    return await run.deliver();
  } catch (error) {
    const kind = salesforceOutcome(error)?.kind;
    if (kind === 'needs_reauth') return { kind: 'paused', reason: 'needs_reauth' };
    if (kind === 'rate_limited') return { kind: 'paused', reason: 'api_limit_exceeded' };
    if (
      isAppError(error) &&
      (error.code === 'REAUTH_REQUIRED' || error.code === 'CONNECTION_DISABLED')
    )
      return {
        kind: 'paused',
        reason: error.code === 'REAUTH_REQUIRED' ? 'needs_reauth' : 'disabled',
      };
    throw error;
  } finally {
    await repos.outbox.releaseLease(connectionId, settings.holderId);
  }
}

class PushRun {
  readonly #services: HealthServices;
  readonly #connectionId: string;
  readonly #workspaceId: string;
  readonly #settings: typeof DEFAULTS & PushOptions;
  readonly #renewLease: () => Promise<boolean>;
  readonly #hasWriteIdField = new Map<string, boolean>();
  readonly #policies = new Map<string, ConflictPolicy>();
  #delivered = 0;
  #failed = 0;
  #retrying = 0;

  constructor(
    services: HealthServices,
    connectionId: string,
    workspaceId: string,
    settings: typeof DEFAULTS & PushOptions,
    renewLease: () => Promise<boolean>,
  ) {
    this.#services = services;
    this.#connectionId = connectionId;
    this.#workspaceId = workspaceId;
    this.#settings = settings;
    this.#renewLease = renewLease;
  }

  get #repos(): Repositories {
    return createRepositories(this.#services.ctx.db);
  }

  async deliver(): Promise<PushOutcome> {
    await this.#recoverInDoubt();
    for (;;) {
      const now = this.#services.ctx.now();
      const due = await this.#repos.outbox.listByState(
        this.#connectionId,
        'pending',
        this.#settings.roundSize,
        { dueBy: now },
      );
      if (due.length === 0) break;
      const blocked = await this.#repos.outbox.waitingKeys(
        this.#connectionId,
        now,
        due.at(-1)!.seq,
      );
      const groups = new Map<string, Delivery[]>();
      const taken = new Set<string>();
      for (const row of due) {
        if (blocked.has(row.record_key)) continue;
        if (taken.has(row.record_key)) {
          // A later write of a record already in this round waits for the next round.
          blocked.add(row.record_key);
          continue;
        }
        taken.add(row.record_key);
        const delivery = deliveryOf(row, await this.#writeIdField(row.object));
        const key = groupKey(delivery);
        groups.set(key, [...(groups.get(key) ?? []), delivery]);
      }
      if (groups.size === 0) break;
      // Groups go in the order of their first write.
      const ordered = [...groups.values()].sort((a, b) => a[0]!.row.seq - b[0]!.row.seq);
      for (const group of ordered) await this.#deliverGroup(group);
    }
    return {
      kind: 'completed',
      delivered: this.#delivered,
      failed: this.#failed,
      retrying: this.#retrying,
    };
  }

  /** Writes left `sending` by a process that died: sent again, or failed if that could duplicate. */
  async #recoverInDoubt(): Promise<void> {
    const inDoubt = await this.#repos.outbox.listByState(this.#connectionId, 'sending', 100_000);
    if (inDoubt.length === 0) return;
    const now = this.#services.ctx.now();
    const unsafe = inDoubt.filter((w) => w.operation === 'insert' && w.external_id_field === null);
    const safe = inDoubt.filter((w) => !unsafe.includes(w));
    await inTransaction(this.#services.ctx.db, async (trx) => {
      await trx.outbox.updateWrites(
        safe.map((w) => w.id),
        { state: 'pending', next_attempt_at: now },
      );
      if (unsafe.length === 0) return;
      const errors = JSON.stringify([
        {
          statusCode: 'DELIVERY_UNCERTAIN',
          message: `orgbridge stopped while this insert was being sent and cannot tell whether Salesforce created the record without a ${WRITE_ID_FIELD} field on the object; it was not sent again, to avoid a duplicate`,
          fields: [],
        },
      ]);
      await trx.outbox.updateWrites(
        unsafe.map((w) => w.id),
        { state: 'failed', completed_at: now, errors },
      );
      await this.#announceFailures(trx, unsafe, 'DELIVERY_UNCERTAIN');
    });
    this.#failed += unsafe.length;
  }

  async #writeIdField(object: string): Promise<boolean> {
    let has = this.#hasWriteIdField.get(object);
    if (has === undefined) {
      const shape = await describeObject(this.#services.client, this.#connectionId, object).catch(
        (error: unknown) => {
          // An object Salesforce does not know: its writes fail one by one with Salesforce's words.
          if (salesforceOutcome(error)?.kind === 'invalid_request') return null;
          throw error;
        },
      );
      has = shape?.fields.has(WRITE_ID_FIELD) ?? false;
      this.#hasWriteIdField.set(object, has);
    }
    return has;
  }

  async #policy(object: string): Promise<ConflictPolicy> {
    let policy = this.#policies.get(object);
    if (!policy) {
      const mapping = (await this.#repos.sync.listMappings(this.#connectionId)).find(
        (m) => m.object.toLowerCase() === object.toLowerCase(),
      );
      const configured = mapping?.conflict_policy as ConflictPolicy | null | undefined;
      policy =
        configured && CONFLICT_POLICIES.includes(configured) ? configured : 'last_writer_wins';
      this.#policies.set(object, policy);
    }
    return policy;
  }

  async #deliverGroup(group: Delivery[]): Promise<void> {
    const { bulkThreshold } = this.#settings;
    const bulkable = group[0]!.call !== 'create' && group.length >= bulkThreshold;
    if (bulkable) {
      await this.#deliverChunk(group, 'bulk');
      return;
    }
    for (let i = 0; i < group.length; i += COLLECTION_SIZE)
      await this.#deliverChunk(group.slice(i, i + COLLECTION_SIZE), 'collections');
  }

  async #deliverChunk(chunk: Delivery[], via: 'collections' | 'bulk'): Promise<void> {
    const { ctx, client } = this.#services;
    const object = chunk[0]!.row.object;
    if (!(await this.#renewLease())) throw new Error('delivery lease lost');
    // Committed before the call: a crash from here on leaves these writes in doubt.
    await inTransaction(ctx.db, async (trx) => {
      for (const d of chunk)
        await trx.outbox.updateWrite(d.row.id, {
          state: 'sending',
          sent_at: ctx.now(),
          attempts: d.row.attempts + 1,
          // An insert sent as an upsert by write id: safe to send again after a crash.
          ...(d.row.operation === 'insert' && d.call === 'upsert'
            ? { external_id_field: WRITE_ID_FIELD }
            : {}),
        });
    });
    let sendable = chunk;
    const conflicts = new Map<string, ConflictResolution>();
    const settled = new Map<string, RecordResult>();
    try {
      const verdicts = await resolveConflicts(
        client,
        this.#repos,
        this.#connectionId,
        object,
        chunk,
        await this.#policy(object),
      );
      sendable = [];
      verdicts.forEach((verdict, i) => {
        const id = chunk[i]!.row.id;
        if (verdict.conflict) conflicts.set(id, verdict.conflict);
        if (verdict.kind === 'send') sendable.push(verdict.delivery);
        else if (verdict.kind === 'skip')
          settled.set(id, { success: true, id: chunk[i]!.row.record_id, created: false });
        else
          settled.set(id, {
            success: false,
            errors: [
              {
                statusCode: 'CONFLICT',
                message: `the record changed in Salesforce (${verdict.conflict.salesforceVersion}) after the version this write was based on (${verdict.conflict.baseVersion})`,
                fields: verdict.conflict.fields,
              },
            ],
          });
      });
      const results =
        sendable.length === 0
          ? []
          : via === 'bulk'
            ? await sendIngestJob(client, this.#connectionId, object, sendable, {
                pollMs: this.#settings.bulkPollMs,
                onPoll: () => this.#renewLease().then(() => undefined),
              })
            : await sendCollection(client, this.#connectionId, object, sendable);
      sendable.forEach((d, i) => settled.set(d.row.id, results[i]!));
    } catch (error) {
      await this.#callFailed(chunk, error);
      throw error;
    }
    await this.#record(chunk, settled, conflicts);
  }

  /** The whole call failed: the writes wait (paused or transient) or fail (refused outright). */
  async #callFailed(chunk: Delivery[], error: unknown): Promise<void> {
    const { ctx } = this.#services;
    const kind = salesforceOutcome(error)?.kind;
    const pausing =
      kind === 'needs_reauth' ||
      kind === 'rate_limited' ||
      (isAppError(error) &&
        (error.code === 'REAUTH_REQUIRED' || error.code === 'CONNECTION_DISABLED'));
    await inTransaction(ctx.db, async (trx) => {
      for (const d of chunk)
        await trx.outbox.updateWrite(d.row.id, {
          state: 'pending',
          // A pause is not the write's fault: its attempt does not count.
          attempts: pausing ? d.row.attempts : d.row.attempts + 1,
          next_attempt_at: pausing ? ctx.now() : ctx.now() + backoff(d.row.attempts + 1),
          errors: JSON.stringify([
            {
              statusCode: isAppError(error) ? error.code : 'INTERNAL',
              message: isAppError(error) ? error.message : 'internal error',
              fields: [],
            },
          ]),
        });
    });
  }

  async #record(
    chunk: Delivery[],
    settled: Map<string, RecordResult>,
    conflicts: Map<string, ConflictResolution>,
  ): Promise<void> {
    const { ctx } = this.#services;
    const now = ctx.now();
    const failed: OutboxWriteRow[] = [];
    await inTransaction(ctx.db, async (trx) => {
      if (!(await trx.outbox.holdsLease(this.#connectionId, this.#settings.holderId, now)))
        throw new Error('delivery lease lost');
      const echoes = [];
      for (const d of chunk) {
        const result = settled.get(d.row.id)!;
        const conflict = conflicts.get(d.row.id);
        const conflictJson = conflict ? JSON.stringify(conflict) : null;
        if (result.success || alreadyDeleted(d, result)) {
          const id = result.success ? (result.id ?? d.row.record_id) : d.row.record_id;
          await trx.outbox.updateWrite(d.row.id, {
            state: 'succeeded',
            completed_at: now,
            result_id: id,
            result_created: result.success && result.created ? 1 : 0,
            errors: null,
            conflict: conflictJson,
          });
          this.#delivered += 1;
          if (id && d.call !== 'delete')
            echoes.push({
              connection_id: this.#connectionId,
              object: d.row.object,
              record_id: id,
              fields: JSON.stringify(d.fields),
              written_at: now,
            });
        } else if (isTransientRecordError(result.errors)) {
          await trx.outbox.updateWrite(d.row.id, {
            state: 'pending',
            next_attempt_at: now + backoff(d.row.attempts + 1),
            errors: JSON.stringify(result.errors),
          });
          this.#retrying += 1;
        } else {
          await trx.outbox.updateWrite(d.row.id, {
            state: 'failed',
            completed_at: now,
            errors: JSON.stringify(result.errors),
            conflict: conflictJson,
          });
          failed.push(d.row);
          this.#failed += 1;
        }
      }
      await trx.outbox.rememberEchoes(echoes);
      if (failed.length > 0) await this.#announceFailures(trx, failed, null, settled);
      if (conflicts.size > 0)
        await appendEvents(trx, {
          types: ['write.conflict'],
          workspaceId: this.#workspaceId,
          connectionId: this.#connectionId,
          data: {
            object: chunk[0]!.row.object,
            conflicts: [...conflicts].map(([writeId, c]) => ({ writeId, ...c })),
          },
          now,
          newId: ctx.newId,
        });
    });
  }

  /** One `write.failed` per call, naming each failed write and Salesforce's first error. */
  async #announceFailures(
    trx: Repositories,
    rows: OutboxWriteRow[],
    statusCode: string | null,
    settled?: Map<string, RecordResult>,
  ): Promise<void> {
    const { ctx } = this.#services;
    await appendEvents(trx, {
      types: ['write.failed'],
      workspaceId: this.#workspaceId,
      connectionId: this.#connectionId,
      data: {
        object: rows[0]!.object,
        writes: rows.map((row) => {
          const result = settled?.get(row.id);
          const first = result && !result.success ? result.errors[0] : undefined;
          return {
            writeId: row.id,
            operation: row.operation,
            recordId: row.record_id,
            statusCode: first?.statusCode ?? statusCode,
            message: first?.message ?? null,
          };
        }),
      },
      now: ctx.now(),
      newId: ctx.newId,
    });
  }
}
