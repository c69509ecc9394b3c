import {
  deleteRecord,
  insertRecord,
  tableFor,
  updateRecord,
  type DataContext,
} from '../data/record-operations.ts';
import { SObjectTable } from '../data/sobject-table.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../model/org.ts';
import type { FieldDefinition, ObjectDefinition } from '../schema/field-definition.ts';
import type { ObjectAccess } from '../security/access.ts';
import { SalesforceError, insufficientAccess } from '../salesforce-error.ts';
import type { IngestOperation, RowOutcome } from './bulk-job.ts';
import type { IngestColumn } from './ingest-columns.ts';

/** Everything one ingest job needs to process its rows. */
export interface RowContext {
  data: DataContext;
  org: Org;
  def: ObjectDefinition;
  operation: IngestOperation;
  columns: IngestColumn[];
  /** The upsert key; null for other operations. */
  externalIdField: FieldDefinition | null;
  access: ObjectAccess;
  /** The job's creator, who does the writes. */
  actorId: string;
}

/** The Bulk API's CSV null: sets a field to null. */
const CSV_NULL = '#N/A';

/**
 * A row error as Bulk API results write it in `sf__Error`: `CODE:message:fields --`, e.g.
 * `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`, or `CODE:message:--`
 * when no field is to blame.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm
 */
export function formatRowError(error: SalesforceError): string {
  const fields = error.fields ?? [];
  return `${error.errorCode}:${error.message}:${fields.length > 0 ? `${fields.join(',')} ` : ''}--`;
}

const missingId = (call: string) =>
  new SalesforceError(400, 'MISSING_ARGUMENT', `Id not specified in ${call} call`, []);

function cellOf(row: string[], column: IngestColumn | undefined): string {
  return column ? (row[column.index] ?? '') : '';
}

/** The record id in an update or delete row: this object's id, or `MALFORMED_ID`. */
function recordId(ctx: RowContext, raw: string): string {
  const id = normalizeId(raw.trim());
  if (!id || id.slice(0, 3) !== ctx.def.keyPrefix) {
    throw new SalesforceError(
      400,
      'MALFORMED_ID',
      `${ctx.def.label} ID: id value of incorrect type: ${raw}`,
      ['Id'],
    );
  }
  return id;
}

/** Finds a record by an external id or other indexed field; undefined when none matches. */
function findByLookup(
  ctx: RowContext,
  target: ObjectDefinition,
  lookup: FieldDefinition,
  value: string,
): string | undefined {
  const table = tableFor(ctx.org, target);
  if (lookup.name === 'Id') {
    const id = normalizeId(value);
    return id && table.rows.has(id) ? id : undefined;
  }
  return table.uniqueIndexes.get(lookup.name.toLowerCase())?.get(SObjectTable.indexKey(value));
}

/**
 * Field values of a row. Empty cells are left out (an update leaves the field alone), `#N/A`
 * nulls the field, and a relationship column becomes the parent's id or fails the row with the
 * "Foreign key external ID" error Salesforce gives.
 */
function rowValues(ctx: RowContext, row: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const column of ctx.columns) {
    const raw = cellOf(row, column);
    if (raw === '') continue;
    if (column.kind === 'field') values[column.field.name] = raw;
    else if (column.kind === 'relationship') {
      if (raw === CSV_NULL) {
        values[column.field.name] = null;
        continue;
      }
      const parentId = findByLookup(ctx, column.target, column.lookup, raw);
      if (!parentId) {
        throw new SalesforceError(
          400,
          'INVALID_FIELD',
          `Foreign key external ID: ${raw} not found for field ${column.lookup.name} in entity ${column.target.name}`,
          [],
        );
      }
      values[column.field.name] = parentId;
    }
  }
  return values;
}

function insertRow(ctx: RowContext, values: Record<string, unknown>): RowOutcome {
  if (!ctx.access.create) throw insufficientAccess();
  const record = insertRecord(ctx.data, ctx.org, ctx.def.name, values, {
    actorId: ctx.actorId,
    source: 'csv',
  });
  return { ok: true, id: record.Id, created: true };
}

function updateRow(ctx: RowContext, id: string, values: Record<string, unknown>): RowOutcome {
  if (!ctx.access.edit) throw insufficientAccess();
  try {
    updateRecord(ctx.data, ctx.org, ctx.def.name, id, values, {
      actorId: ctx.actorId,
      source: 'csv',
    });
  } catch (error) {
    // REST's 404 for an id that matches no record is SOAP's (and Bulk's) bad cross reference.
    if (error instanceof SalesforceError && error.errorCode === 'NOT_FOUND') {
      throw new SalesforceError(
        400,
        'INVALID_CROSS_REFERENCE_KEY',
        'invalid cross reference id',
        [],
      );
    }
    throw error;
  }
  return { ok: true, id, created: false };
}

function upsertRow(ctx: RowContext, row: string[]): RowOutcome {
  const key = ctx.externalIdField!;
  const idColumn = ctx.columns.find((c) => c.kind === 'id');
  if (key.name === 'Id') {
    const raw = cellOf(row, idColumn);
    const values = rowValues(ctx, row);
    return raw === '' ? insertRow(ctx, values) : updateRow(ctx, recordId(ctx, raw), values);
  }
  const keyColumn = ctx.columns.find((c) => c.kind === 'field' && c.field.name === key.name);
  const keyValue = cellOf(row, keyColumn);
  if (keyValue === '' || keyValue === CSV_NULL) {
    throw new SalesforceError(400, 'MISSING_ARGUMENT', `${key.name} not specified`, []);
  }
  const values = rowValues(ctx, row);
  const existing = findByLookup(ctx, ctx.def, key, keyValue);
  return existing ? updateRow(ctx, existing, values) : insertRow(ctx, values);
}

function deleteRow(ctx: RowContext, row: string[]): RowOutcome {
  const raw = cellOf(
    row,
    ctx.columns.find((c) => c.kind === 'id'),
  );
  if (raw === '') throw missingId('a delete');
  const id = recordId(ctx, raw);
  if (!ctx.access.delete) throw insufficientAccess();
  try {
    deleteRecord(ctx.data, ctx.org, id, { actorId: ctx.actorId });
  } catch (error) {
    if (error instanceof SalesforceError && error.errorCode === 'NOT_FOUND') {
      throw new SalesforceError(400, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    }
    throw error;
  }
  // A hard delete skips the recycle bin: queryAll and undelete no longer see the record.
  if (ctx.operation === 'hardDelete') tableFor(ctx.org, ctx.def).recycleBin.delete(id);
  return { ok: true, id, created: false };
}

function applyRow(ctx: RowContext, row: string[]): RowOutcome {
  switch (ctx.operation) {
    case 'insert': {
      const values = rowValues(ctx, row);
      const id = cellOf(
        row,
        ctx.columns.find((c) => c.kind === 'id'),
      );
      // An Id column is allowed on insert only when empty; a value fails like the SOAP insert.
      if (id !== '') values.Id = id;
      return insertRow(ctx, values);
    }
    case 'update': {
      const raw = cellOf(
        row,
        ctx.columns.find((c) => c.kind === 'id'),
      );
      if (raw === '') throw missingId('an update');
      return updateRow(ctx, recordId(ctx, raw), rowValues(ctx, row));
    }
    case 'upsert':
      return upsertRow(ctx, row);
    case 'delete':
    case 'hardDelete':
      return deleteRow(ctx, row);
  }
}

/** The id a failed row reports in `sf__Id`: the record it named, if any (API 53.0+). */
function failedRowId(ctx: RowContext, row: string[]): string {
  const raw = cellOf(
    row,
    ctx.columns.find((c) => c.kind === 'id'),
  );
  const id = normalizeId(raw.trim());
  return ctx.operation !== 'insert' && id ? id : '';
}

/**
 * Applies one uploaded row with the record operations (so every DML rule and error code holds)
 * and returns its outcome; a failure never stops the job.
 */
export function processRow(ctx: RowContext, row: string[]): RowOutcome {
  try {
    return applyRow(ctx, row);
  } catch (error) {
    if (error instanceof SalesforceError) {
      return { ok: false, id: failedRowId(ctx, row), error: formatRowError(error) };
    }
    process.stderr.write(
      `salesforce-emulator: bulk row failed unexpectedly: ${String((error as Error).stack ?? error)}\n`,
    );
    return {
      ok: false,
      id: '',
      error:
        'UNKNOWN_EXCEPTION:An unexpected error occurred. Please include this ErrorId if you contact support:--',
    };
  }
}
