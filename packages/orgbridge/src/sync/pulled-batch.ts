import { normalizeModstamp } from './pull-query.ts';

/**
 * Pulled records as the store keeps them, column by column: the shape a batch crosses from the
 * CSV worker in (arrays of strings clone far faster than arrays of objects) and the shape the
 * commit reads. `data` is the record's fields as JSON, without Salesforce's `attributes`.
 */
export interface PulledBatch {
  ids: string[];
  /** SystemModstamp, normalized to ISO 8601 UTC. */
  modstamps: string[];
  /** 1 for a deleted record (in the recycle bin), else 0. */
  deleted: number[];
  data: string[];
}

export function emptyBatch(): PulledBatch {
  return { ids: [], modstamps: [], deleted: [], data: [] };
}

/** Adds one record (as the REST API or the typed CSV gives it) to a batch. */
export function addRecord(batch: PulledBatch, record: Record<string, unknown>): void {
  batch.ids.push(record.Id as string);
  batch.modstamps.push(normalizeModstamp(record.SystemModstamp as string));
  batch.deleted.push(record.IsDeleted === true ? 1 : 0);
  // Bulk rows carry no `attributes`: no copy on the hot path.
  if ('attributes' in record) {
    const fields = { ...record };
    delete fields.attributes;
    batch.data.push(JSON.stringify(fields));
  } else batch.data.push(JSON.stringify(record));
}

/** A batch of REST query records. */
export function batchOf(records: Array<Record<string, unknown>>): PulledBatch {
  const batch = emptyBatch();
  for (const record of records) addRecord(batch, record);
  return batch;
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * Bulk CSV carries every value as text; the REST API types them. Records are stored the same
 * whichever path read them, so values are typed here from describe: empty → null, booleans,
 * numbers; everything else stays text (ids, dates and datetimes are text in REST JSON too).
 */
export function typedRow(
  columns: string[],
  values: string[],
  types: Map<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i += 1) {
    const name = columns[i]!;
    const raw = values[i]!;
    const type = types.get(name);
    if (raw === '') out[name] = null;
    else if (type === 'boolean') out[name] = raw === 'true';
    else if (type !== undefined && NUMERIC.has(type)) out[name] = Number(raw);
    else out[name] = raw;
  }
  return out;
}
