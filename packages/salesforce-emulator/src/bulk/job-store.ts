import type { Emulator } from '../emulator.ts';
import { normalizeId } from '../ids.ts';
import { notFound } from '../salesforce-error.ts';
import type { BulkJob, IngestJob, QueryJob } from './bulk-job.ts';

/** Salesforce deletes Bulk API 2.0 jobs and their results seven days after creation. */
export const JOB_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** The most rows an ingest job processes per step before yielding to other requests. */
export const DEFAULT_CHUNK_SIZE = 10_000;

type Step = () => void;

/**
 * How jobs advance. Every step of every job runs on a later tick through {@link schedule}; tests
 * and the control API hold the queue to observe a job between states, or run it step by step.
 */
export interface BulkProcessing {
  /** The most rows an ingest job processes per step (default 10,000; a step also ends after ~50 ms). */
  chunkSize: number;
  /** Stops running steps; they queue until {@link resume}. */
  hold(): void;
  /** Runs queued steps again (each on its own tick). */
  resume(): void;
  /** While held: runs the oldest queued step now. Returns false when none is queued. */
  step(): boolean;
}

interface BulkStore {
  jobs: Map<string, BulkJob>;
  /** Org id → creation times of its query jobs (for the rolling 24 h allowance). */
  queryJobTimes: Map<string, number[]>;
  processing: BulkProcessing;
  held: boolean;
  queue: Step[];
}

const stores = new WeakMap<Emulator, BulkStore>();

function storeFor(emulator: Emulator): BulkStore {
  let store = stores.get(emulator);
  if (store) return store;
  const queue: Step[] = [];
  const created: BulkStore = {
    jobs: new Map(),
    queryJobTimes: new Map(),
    held: false,
    queue,
    processing: {
      chunkSize: DEFAULT_CHUNK_SIZE,
      hold: () => {
        created.held = true;
      },
      resume: () => {
        created.held = false;
        for (const step of queue.splice(0)) setImmediate(step);
      },
      step: () => {
        const next = queue.shift();
        next?.();
        return next !== undefined;
      },
    },
  };
  store = created;
  stores.set(emulator, store);
  return store;
}

/** The processing controls of an emulator's Bulk API jobs. */
export function bulkProcessing(emulator: Emulator): BulkProcessing {
  return storeFor(emulator).processing;
}

/** Runs a step of job work on a later tick, or queues it while processing is held. */
export function schedule(emulator: Emulator, step: Step): void {
  const store = storeFor(emulator);
  if (store.held) store.queue.push(step);
  else setImmediate(step);
}

/** Forgets jobs past Salesforce's seven-day retention. */
function purgeExpired(emulator: Emulator, store: BulkStore): void {
  const cutoff = emulator.clock.now() - JOB_RETENTION_MS;
  for (const [id, job] of store.jobs) if (job.createdAt < cutoff) store.jobs.delete(id);
}

/** Stores a new job. */
export function addJob(emulator: Emulator, job: BulkJob): void {
  storeFor(emulator).jobs.set(job.id, job);
}

/** Deletes a job; its results go with it and any processing stops. */
export function removeJob(emulator: Emulator, job: BulkJob): void {
  storeFor(emulator).jobs.delete(job.id);
}

/** Whether the job still exists (deleting a job stops its processing). */
export function jobExists(emulator: Emulator, job: BulkJob): boolean {
  return storeFor(emulator).jobs.get(job.id) === job;
}

/** The org's jobs of one kind in creation order. */
export function listJobs<K extends BulkJob['kind']>(
  emulator: Emulator,
  orgId: string,
  kind: K,
): Array<Extract<BulkJob, { kind: K }>> {
  const store = storeFor(emulator);
  purgeExpired(emulator, store);
  const out: Array<Extract<BulkJob, { kind: K }>> = [];
  for (const job of store.jobs.values()) {
    if (job.orgId === orgId && job.kind === kind) out.push(job as Extract<BulkJob, { kind: K }>);
  }
  return out;
}

/**
 * A job of the org by id (15 or 18 characters), or 404 `NOT_FOUND` as Salesforce answers for an
 * unknown, deleted or expired job and for another org's job.
 */
export function requireJob(emulator: Emulator, orgId: string, id: string, kind: 'query'): QueryJob;
export function requireJob(
  emulator: Emulator,
  orgId: string,
  id: string,
  kind: 'ingest',
): IngestJob;
export function requireJob(
  emulator: Emulator,
  orgId: string,
  id: string,
  kind: BulkJob['kind'],
): BulkJob {
  const store = storeFor(emulator);
  purgeExpired(emulator, store);
  const full = normalizeId(id);
  const job = full ? store.jobs.get(full) : undefined;
  if (job && job.orgId === orgId && job.kind === kind) return job;
  throw notFound();
}

/** Times (epoch ms) at which the org created query jobs, pruned to the last 24 hours. */
export function queryJobTimes(emulator: Emulator, orgId: string): number[] {
  const store = storeFor(emulator);
  const since = emulator.clock.now() - 24 * 3600 * 1000;
  const kept = (store.queryJobTimes.get(orgId) ?? []).filter((t) => t > since);
  store.queryJobTimes.set(orgId, kept);
  return kept;
}
