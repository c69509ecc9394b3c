import { deleteRecord, insertRecord, updateRecord } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { ApiContext } from '../http/api-route.ts';
import type { WriteJournal } from './write-journal.ts';
import { requireWrite, type VisibleObject } from './sobject-access.ts';

/** Keys a write body may carry that are not field values: the record's own id and `attributes`. */
const NON_VALUE_KEYS = new Set(['attributes', 'id']);

/** The body's field values, without `attributes` and any spelling of `Id`. */
export function fieldValues(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([key]) => !NON_VALUE_KEYS.has(key.toLowerCase())),
  );
}

/** Inserts as the caller after checking their create access; journals the insert when asked. */
export function createAs(
  ctx: ApiContext,
  object: VisibleObject,
  values: Record<string, unknown>,
  journal?: WriteJournal,
): SObjectRecord {
  requireWrite(object, 'create');
  // insertRecord skips `attributes` and refuses an Id, as an insert call does.
  const record = insertRecord(ctx.emulator.data, ctx.org, object.def.name, values, {
    actorId: ctx.user.Id,
  });
  journal?.inserted(object.def, record);
  return record;
}

/** Updates as the caller after checking their edit access; journals the old values when asked. */
export function updateAs(
  ctx: ApiContext,
  object: VisibleObject,
  id: string,
  values: Record<string, unknown>,
  journal?: WriteJournal,
): SObjectRecord {
  requireWrite(object, 'edit');
  journal?.beforeChange(object.def, id);
  return updateRecord(ctx.emulator.data, ctx.org, object.def.name, id, fieldValues(values), {
    actorId: ctx.user.Id,
  });
}

/** Deletes as the caller after checking their delete access; journals the record when asked. */
export function deleteAs(
  ctx: ApiContext,
  object: VisibleObject,
  id: string,
  journal?: WriteJournal,
): SObjectRecord {
  requireWrite(object, 'delete');
  journal?.beforeChange(object.def, id);
  return deleteRecord(ctx.emulator.data, ctx.org, id, { actorId: ctx.user.Id });
}
