import type { OrgClient } from '../connections/org-client.ts';
import { salesforceOutcome } from '../salesforce/index.ts';
import type { Repositories } from '../store/repositories.ts';
import type { FieldValue } from './outbox.ts';
import type { Delivery } from './push-delivery.ts';
import { normalizeModstamp, soqlString } from './pull-query.ts';

/**
 * What to do when the host application updates a record that changed in Salesforce after the
 * version it last saw (`baseVersion`):
 * - `last_writer_wins` (default): field by field, the later change wins; a field only one side
 *   changed keeps that side's value;
 * - `host_wins`: the host application's values are written;
 * - `salesforce_wins`: fields changed in Salesforce since the base version are left alone;
 * - `reject`: the write fails with `CONFLICT`, nothing is written.
 */
export const CONFLICT_POLICIES = [
  'last_writer_wins',
  'host_wins',
  'salesforce_wins',
  'reject',
] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** How one conflicting write was resolved (stored with the write, sent in `write.conflict`). */
export interface ConflictResolution {
  policy: ConflictPolicy;
  baseVersion: string;
  salesforceVersion: string;
  /** Fields both sides changed (every written field when the base values are unknown). */
  fields: string[];
  /** Which side's values those fields now hold. */
  winner: 'host' | 'salesforce' | 'none';
}

export type ConflictVerdict =
  | { kind: 'send'; delivery: Delivery; conflict: ConflictResolution | null }
  | { kind: 'skip'; conflict: ConflictResolution }
  | { kind: 'reject'; conflict: ConflictResolution };

/**
 * Checks a chunk of updates that carry a base version against the records as they are now: one
 * query for the chunk, and the pulled copy at the base version (when the pull stored it) to tell
 * which fields changed in Salesforce. Updates without a base version are sent as they are.
 */
export async function resolveConflicts(
  client: OrgClient,
  repos: Repositories,
  connectionId: string,
  object: string,
  chunk: Delivery[],
  policy: ConflictPolicy,
): Promise<ConflictVerdict[]> {
  const checked = chunk.filter((d) => d.call === 'update' && d.row.base_version !== null);
  const verdicts = chunk.map((d): ConflictVerdict => ({
    kind: 'send',
    delivery: d,
    conflict: null,
  }));
  if (checked.length === 0) return verdicts;
  const fieldNames = new Set<string>();
  for (const d of checked) for (const name of Object.keys(d.fields)) fieldNames.add(name);
  fieldNames.delete('SystemModstamp');
  const soql =
    `SELECT Id, SystemModstamp, ${[...fieldNames].join(', ')} FROM ${object} ` +
    `WHERE Id IN (${checked.map((d) => soqlString(d.row.record_id!)).join(', ')})`;
  let current: Array<Record<string, unknown> & { Id: string; SystemModstamp: string }>;
  try {
    current = (
      await client.request<{ records: typeof current }>(connectionId, {
        path: `/services/data/{version}/query?q=${encodeURIComponent(soql)}`,
      })
    ).body.records;
  } catch (error) {
    // A field that does not exist fails the query; Salesforce will say so per record on send.
    if (salesforceOutcome(error)?.kind === 'invalid_request') return verdicts;
    throw error;
  }
  const now = new Map(current.map((r) => [r.Id.slice(0, 15), r]));
  const stored = new Map(
    (
      await repos.sync.recordsByIds(
        connectionId,
        object,
        checked.map((d) => d.row.record_id!),
      )
    ).map((r) => [r.record_id.slice(0, 15), r]),
  );
  return chunk.map((d, i): ConflictVerdict => {
    const base = d.row.base_version;
    const record =
      d.call === 'update' && base !== null ? now.get(d.row.record_id!.slice(0, 15)) : undefined;
    if (!record || base === null) return verdicts[i]!;
    const salesforceVersion = normalizeModstamp(record.SystemModstamp);
    if (salesforceVersion < base) return verdicts[i]!;
    const copy = stored.get(d.row.record_id!.slice(0, 15));
    const baseValues =
      copy && copy.system_modstamp === base
        ? (JSON.parse(copy.data) as Record<string, unknown>)
        : null;
    // Whole seconds again: an edit in the same second as the base version shows only in the
    // values, so without the pulled copy to compare with, an equal version is no conflict.
    if (salesforceVersion === base && baseValues === null) return verdicts[i]!;
    const fields = Object.keys(d.fields).filter(
      (name) => baseValues === null || !sameValue(baseValues[name], record[name]),
    );
    if (fields.length === 0) return verdicts[i]!;
    const resolution = (winner: ConflictResolution['winner']): ConflictResolution => ({
      policy,
      baseVersion: base,
      salesforceVersion,
      fields,
      winner,
    });
    // Salesforce keeps whole seconds: an edit in the same second as the host's write counts
    // as later, so a person's edit is not overwritten on a tie.
    const salesforceLater =
      Date.parse(salesforceVersion) >= Math.floor(d.row.created_at / 1000) * 1000;
    if (policy === 'reject') return { kind: 'reject', conflict: resolution('none') };
    if (policy === 'host_wins' || (policy === 'last_writer_wins' && !salesforceLater))
      return { kind: 'send', delivery: d, conflict: resolution('host') };
    const kept: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(d.fields))
      if (!fields.includes(name)) kept[name] = value;
    if (Object.keys(kept).length === 0) return { kind: 'skip', conflict: resolution('salesforce') };
    return { kind: 'send', delivery: { ...d, fields: kept }, conflict: resolution('salesforce') };
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
