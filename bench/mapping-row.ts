import type { Insertable } from 'kysely';
import type { SyncMappingTable } from '../packages/orgbridge/src/store/database.ts';

/** A pull mapping that has never run, as the benchmarks insert it straight into the store. */
export function newPullMapping(
  row: Pick<Insertable<SyncMappingTable>, 'id' | 'connection_id' | 'object' | 'filter'> & {
    fields: string[];
    now: number;
    nextRunAt: number | null;
  },
): Insertable<SyncMappingTable> {
  return {
    id: row.id,
    connection_id: row.connection_id,
    object: row.object,
    fields: JSON.stringify(row.fields),
    filter: row.filter,
    direction: 'pull',
    created_at: row.now,
    updated_at: row.now,
    cursor_modstamp: null,
    cursor_id: null,
    run_holder: null,
    run_until: null,
    next_run_at: row.nextRunAt,
    phase: 'initial',
    run_started_at: null,
    run_expected: null,
    run_method: null,
    last_success_at: null,
    last_error: null,
    missing_fields: null,
  };
}
