import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { objectForId } from '../data/record-operations.ts';
import type { ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { normalizeId } from '../ids.ts';
import { SalesforceError, insufficientAccess, invalidType, notFound } from '../salesforce-error.ts';
import {
  failure,
  rolledBack,
  rowError,
  type CollectionResult,
  type RowOutcome,
} from './collection-results.ts';
import { createAs, deleteAs, updateAs } from './dml.ts';
import { requireLookupField } from './external-id.ts';
import { renderRecord, selectFields } from './record-json.ts';
import { isJsonObject, jsonObjectBody, jsonText } from './request-body.ts';
import { restRoute } from './rest-route.ts';
import { requireVisibleObject, visibleObject, type VisibleObject } from './sobject-access.ts';
import { upsertByLookup } from './upsert.ts';
import { WriteJournal } from './write-journal.ts';

/** Rows per create, update, upsert or delete request. */
export const MAX_COLLECTION_RECORDS = 200;
/** Ids per retrieve request. */
export const MAX_RETRIEVE_IDS = 2000;
/** Collections upsert exists from API 46.0. */
const UPSERT_SINCE = 46;

function tooMany(limit: number): SalesforceError {
  return new SalesforceError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${limit} records into this call`,
  );
}

function missing(name: string): SalesforceError {
  return new SalesforceError(400, 'MISSING_ARGUMENT', `Required parameter ${name} is missing.`);
}

function parserError(message: string): SalesforceError {
  return new SalesforceError(400, 'JSON_PARSER_ERROR', message);
}

function parseFlag(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
    return value.toLowerCase() === 'true';
  }
  throw parserError(
    `Cannot deserialize value of type boolean from ${JSON.stringify(value)} for ${name}`,
  );
}

/** `{ allOrNone, records: [...] }`, validated as a whole: a malformed request is a 400. */
function collectionRequest(request: FastifyRequest) {
  const body = jsonObjectBody(request, 'SObjectCollectionRequest');
  const records = body.records;
  if (records === undefined || records === null) throw missing('records');
  if (!Array.isArray(records)) {
    throw parserError('Cannot deserialize instance of List from non-array value for records');
  }
  if (records.length > MAX_COLLECTION_RECORDS) throw tooMany(MAX_COLLECTION_RECORDS);
  const rows: Array<Record<string, unknown>> = [];
  for (const record of records) {
    if (!isJsonObject(record)) {
      throw parserError('Cannot deserialize instance of SObject from non-object value in records');
    }
    rows.push(record);
  }
  return { allOrNone: parseFlag(body.allOrNone, 'allOrNone'), rows };
}

/** The row's object from `attributes.type`; unknown and unreadable types are `INVALID_TYPE`. */
function rowObject(ctx: ApiContext, record: Record<string, unknown>): VisibleObject {
  const type = isJsonObject(record.attributes) ? record.attributes.type : undefined;
  if (typeof type !== 'string' || type.trim() === '') {
    throw new SalesforceError(
      400,
      'INVALID_FIELD',
      'No SObject type specified: each record needs attributes with a type',
      [],
    );
  }
  const object = visibleObject(ctx, type);
  if (!object) throw invalidType(type);
  return object;
}

/** The id a record of an update carries, as `Id` or `id`. */
function rowId(record: Record<string, unknown>): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === 'id');
  return key === undefined ? undefined : record[key];
}

function valueOf(record: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

/**
 * Runs each row, collecting its outcome. With allOrNone, a failed row undoes every write of the
 * request and the others report `ALL_OR_NONE_OPERATION_ROLLED_BACK`.
 */
function runRows<T>(
  ctx: ApiContext,
  rows: T[],
  allOrNone: boolean,
  upsert: boolean,
  run: (row: T, journal: WriteJournal) => RowOutcome,
): CollectionResult[] {
  const journal = new WriteJournal(ctx.org);
  const outcomes = rows.map((row) => run(row, journal));
  if (allOrNone && outcomes.some((o) => !o.result.success)) {
    journal.rollback();
    return rolledBack(outcomes, upsert);
  }
  return outcomes.map((o) => o.result);
}

function failed(error: unknown, id: string | undefined, upsert = false): RowOutcome {
  return { result: failure(rowError(error), upsert), id, createdHere: false };
}

function parseIds(raw: unknown): string[] | undefined {
  if (typeof raw === 'string')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (Array.isArray(raw)) return raw.map((s) => String(s).trim()).filter((s) => s !== '');
  return undefined;
}

/**
 * sObject Collections (`/composite/sobjects`): create, update, upsert (API 46.0+), delete and
 * retrieve up to 200 records (2,000 for retrieve) per request. A well-formed request is 200 even
 * when rows fail; results come in request order, and their errors use `statusCode`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
export function registerCollectionRoutes(app: FastifyInstance, emulator: Emulator): void {
  restRoute(app, emulator, 'POST', '/composite/sobjects', (request, reply, ctx) => {
    const { allOrNone, rows } = collectionRequest(request);
    const results = runRows(ctx, rows, allOrNone, false, (record, journal) => {
      try {
        const created = createAs(ctx, rowObject(ctx, record), record, journal);
        return {
          result: { id: created.Id, success: true, errors: [] },
          id: created.Id,
          createdHere: true,
        };
      } catch (error) {
        return failed(error, undefined);
      }
    });
    return sendJson(request, reply, 200, results);
  });

  restRoute(app, emulator, 'PATCH', '/composite/sobjects', (request, reply, ctx) => {
    const { allOrNone, rows } = collectionRequest(request);
    const results = runRows(ctx, rows, allOrNone, false, (record, journal) => {
      const raw = rowId(record);
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      try {
        const object = rowObject(ctx, record);
        if (raw === undefined || raw === null || raw === '') {
          throw new SalesforceError(
            400,
            'MISSING_ARGUMENT',
            'Id not specified in an update call',
            [],
          );
        }
        if (!id || id.slice(0, 3) !== object.def.keyPrefix) {
          throw new SalesforceError(
            400,
            'MALFORMED_ID',
            `${object.def.label} ID: id value of incorrect type: ${jsonText(raw)}`,
            ['Id'],
          );
        }
        updateAs(ctx, object, id, record, journal);
        return { result: { id, success: true, errors: [] }, id, createdHere: false };
      } catch (error) {
        return failed(error, id);
      }
    });
    return sendJson(request, reply, 200, results);
  });

  restRoute(app, emulator, 'PATCH', '/composite/sobjects/:object/:field', (request, reply, ctx) => {
    const params = request.params as { object: string; field: string };
    if (Number(ctx.version) < UPSERT_SINCE) throw notFound();
    const object = requireVisibleObject(ctx, params.object);
    const f = requireLookupField(object.def, params.field);
    const { allOrNone, rows } = collectionRequest(request);
    const results = runRows(ctx, rows, allOrNone, true, (record, journal) => {
      try {
        const rowType = rowObject(ctx, record);
        if (rowType.def !== object.def) {
          throw new SalesforceError(
            400,
            'INVALID_TYPE',
            `Record type ${rowType.def.name} does not match the sObject type ${object.def.name} of the request`,
            [],
          );
        }
        const outcome = upsertByLookup(ctx, object, f, valueOf(record, f.name), record, {
          journal,
        });
        const id = outcome.record.Id;
        return {
          result: { id, success: true, errors: [], created: outcome.created },
          id,
          createdHere: outcome.created,
        };
      } catch (error) {
        return failed(error, undefined, true);
      }
    });
    return sendJson(request, reply, 200, results);
  });

  restRoute(app, emulator, 'DELETE', '/composite/sobjects', (request, reply, ctx) => {
    const query = request.query as { ids?: string; allOrNone?: string };
    const ids = parseIds(query.ids);
    if (!ids || ids.length === 0) throw missing('ids');
    if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany(MAX_COLLECTION_RECORDS);
    const allOrNone = parseFlag(query.allOrNone, 'allOrNone');
    const results = runRows(ctx, ids, allOrNone, false, (raw, journal) => {
      const id = normalizeId(raw);
      try {
        const def = id ? objectForId(ctx.org, id) : undefined;
        if (!id || !def) {
          throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${raw}`, []);
        }
        const object = visibleObject(ctx, def.name);
        if (!object) throw insufficientAccess();
        deleteAs(ctx, object, id, journal);
        return { result: { id, success: true, errors: [] }, id, createdHere: false };
      } catch (error) {
        return failed(error, id);
      }
    });
    return sendJson(request, reply, 200, results);
  });

  const retrieve = (
    request: FastifyRequest,
    ctx: ApiContext,
    rawIds: unknown,
    rawFields: unknown,
  ) => {
    const { object: name } = request.params as { object: string };
    const object = requireVisibleObject(ctx, name);
    const ids = parseIds(rawIds);
    if (!ids || ids.length === 0) throw missing('ids');
    if (ids.length > MAX_RETRIEVE_IDS) throw tooMany(MAX_RETRIEVE_IDS);
    const fieldList = Array.isArray(rawFields) ? rawFields.map(String).join(',') : rawFields;
    if (typeof fieldList !== 'string' || fieldList.trim() === '') throw missing('fields');
    const fields = selectFields(object.def, fieldList);
    const rows = ctx.org.tables.get(object.def.name)?.rows;
    return ids.map((raw) => {
      const record = rows?.get(normalizeId(raw) ?? '');
      return record ? renderRecord(ctx.basePath, object.def, record, fields) : null;
    });
  };

  restRoute(app, emulator, 'GET', '/composite/sobjects/:object', (request, reply, ctx) => {
    const query = request.query as { ids?: string; fields?: string };
    return sendJson(request, reply, 200, retrieve(request, ctx, query.ids, query.fields));
  });

  restRoute(app, emulator, 'POST', '/composite/sobjects/:object', (request, reply, ctx) => {
    const body = jsonObjectBody(request, 'SObjectCollectionRetrieveRequest');
    return sendJson(request, reply, 200, retrieve(request, ctx, body.ids, body.fields));
  });
}
