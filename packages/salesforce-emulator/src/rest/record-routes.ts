import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { normalizeId } from '../ids.ts';
import { SalesforceError, notFound } from '../salesforce-error.ts';
import { createAs, deleteAs, fieldValues, updateAs } from './dml.ts';
import { findByLookupValue, requireLookupField } from './external-id.ts';
import { recordUrl, renderRecord, selectFields } from './record-json.ts';
import { jsonObjectBody } from './request-body.ts';
import { restRoute } from './rest-route.ts';
import { requireVisibleObject, type VisibleObject } from './sobject-access.ts';
import { MultipleMatchesError, upsertByLookup } from './upsert.ts';

/** Upsert answers an update with 200 and a body from API 46.0; before, with 204 and none. */
const UPSERT_BODY_SINCE = 46;

interface RecordParams {
  object: string;
  id: string;
}

interface LookupParams {
  object: string;
  field: string;
  value: string;
}

/**
 * A deleted record is gone for the single-record resources: Salesforce answers 404 with
 * `ENTITY_IS_DELETED` where the data layer reports a 400 DML error.
 */
function asResourceError(error: unknown): never {
  if (error instanceof SalesforceError && error.errorCode === 'ENTITY_IS_DELETED') {
    throw new SalesforceError(404, error.errorCode, error.message, error.fields ?? []);
  }
  throw error;
}

function methodNotAllowed(method: string): SalesforceError {
  return new SalesforceError(
    405,
    'METHOD_NOT_ALLOWED',
    `HTTP Method '${method}' not allowed. Allowed are HEAD,GET,PATCH,DELETE`,
  );
}

/**
 * The id in `/sobjects/X/{id}`: an id of that object. A segment that is not an id at all is read
 * as an external-id field named without a value, which gets the external-id 404.
 */
function recordIdFor(object: VisibleObject, segment: string): string {
  const id = normalizeId(segment);
  if (!id) {
    requireLookupField(object.def, segment);
    throw notFound();
  }
  if (id.slice(0, 3) !== object.def.keyPrefix) throw notFound();
  return id;
}

/**
 * A live record, or 404 `NOT_FOUND`. A record in the recycle bin is not found either: the docs
 * say deleted records are filtered out of sObject Rows, and jsforce reads NOT_FOUND as "gone".
 * (Writes to it answer `ENTITY_IS_DELETED` instead.)
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_deleted.htm
 */
function liveRecord(ctx: ApiContext, object: VisibleObject, id: string): SObjectRecord {
  const record = ctx.org.tables.get(object.def.name)?.rows.get(id);
  if (!record) throw notFound();
  return record;
}

/** The one record an external id names; several are a 300 with their URLs. */
function recordByLookup(ctx: ApiContext, object: VisibleObject, params: LookupParams) {
  const f = requireLookupField(object.def, params.field);
  const matches = findByLookupValue(ctx.org, object.def, f, params.value);
  if (matches.length > 1)
    throw new MultipleMatchesError(
      f,
      matches.map((r) => r.Id),
    );
  const match = matches[0];
  if (!match) throw notFound();
  return match;
}

function sendMultipleChoices(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ApiContext,
  object: VisibleObject,
  error: unknown,
): FastifyReply {
  if (!(error instanceof MultipleMatchesError)) throw error;
  const urls = error.ids.map((id) => recordUrl(ctx.basePath, object.def.name, id));
  return sendJson(request, reply, 300, urls);
}

function saveResult(id: string, created?: boolean) {
  return created === undefined
    ? { id, success: true, errors: [] }
    : { id, success: true, errors: [], created };
}

/**
 * Record resources: create (`POST /sobjects/X`), retrieve/update/delete by id
 * (`/sobjects/X/{id}`), and retrieve/upsert/delete by external id (`/sobjects/X/Field/value`).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info_post.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 */
export function registerRecordRoutes(app: FastifyInstance, emulator: Emulator): void {
  restRoute(app, emulator, 'POST', '/sobjects/:object', (request, reply, ctx) => {
    const { object: name } = request.params as { object: string };
    const object = requireVisibleObject(ctx, name);
    const body = jsonObjectBody(request);
    const record = createAs(ctx, object, body);
    reply.header('location', recordUrl(ctx.basePath, object.def.name, record.Id));
    return sendJson(request, reply, 201, saveResult(record.Id));
  });

  restRoute(app, emulator, 'GET', '/sobjects/:object/:id', (request, reply, ctx) => {
    const params = request.params as RecordParams;
    const object = requireVisibleObject(ctx, params.object);
    const { fields } = request.query as { fields?: string };
    const record = liveRecord(ctx, object, recordIdFor(object, params.id));
    const selected = selectFields(object.def, fields);
    return sendJson(request, reply, 200, renderRecord(ctx.basePath, object.def, record, selected));
  });

  restRoute(app, emulator, 'PATCH', '/sobjects/:object/:id', (request, reply, ctx) => {
    const params = request.params as RecordParams;
    const object = requireVisibleObject(ctx, params.object);
    const id = recordIdFor(object, params.id);
    const body = jsonObjectBody(request);
    try {
      updateAs(ctx, object, id, body);
    } catch (error) {
      asResourceError(error);
    }
    return reply.code(204).send();
  });

  restRoute(app, emulator, 'DELETE', '/sobjects/:object/:id', (request, reply, ctx) => {
    const params = request.params as RecordParams;
    const object = requireVisibleObject(ctx, params.object);
    const id = recordIdFor(object, params.id);
    try {
      deleteAs(ctx, object, id);
    } catch (error) {
      asResourceError(error);
    }
    return reply.code(204).send();
  });

  // `POST /sobjects/X/Id` creates a record, the documented way to insert through the upsert
  // resource; any other POST to a record path is a wrong method.
  restRoute(app, emulator, ['POST', 'PUT'], '/sobjects/:object/:id', (request, reply, ctx) => {
    const params = request.params as RecordParams;
    const object = requireVisibleObject(ctx, params.object);
    if (request.method !== 'POST' || params.id.toLowerCase() !== 'id') {
      throw methodNotAllowed(request.method);
    }
    const body = jsonObjectBody(request);
    const record = createAs(ctx, object, fieldValues(body));
    reply.header('location', recordUrl(ctx.basePath, object.def.name, record.Id));
    return sendJson(request, reply, 201, saveResult(record.Id, true));
  });

  restRoute(app, emulator, 'GET', '/sobjects/:object/:field/:value', (request, reply, ctx) => {
    const params = request.params as LookupParams;
    const object = requireVisibleObject(ctx, params.object);
    const { fields } = request.query as { fields?: string };
    try {
      const record = recordByLookup(ctx, object, params);
      const selected = selectFields(object.def, fields);
      return sendJson(
        request,
        reply,
        200,
        renderRecord(ctx.basePath, object.def, record, selected),
      );
    } catch (error) {
      return sendMultipleChoices(request, reply, ctx, object, error);
    }
  });

  restRoute(app, emulator, 'PATCH', '/sobjects/:object/:field/:value', (request, reply, ctx) => {
    const params = request.params as LookupParams;
    const object = requireVisibleObject(ctx, params.object);
    const f = requireLookupField(object.def, params.field);
    const body = jsonObjectBody(request);
    const { updateOnly } = request.query as { updateOnly?: string };
    let outcome;
    try {
      outcome = upsertByLookup(ctx, object, f, params.value, body, {
        updateOnly: updateOnly?.toLowerCase() === 'true',
      });
    } catch (error) {
      if (error instanceof MultipleMatchesError) {
        return sendMultipleChoices(request, reply, ctx, object, error);
      }
      return asResourceError(error);
    }
    reply.header('location', recordUrl(ctx.basePath, object.def.name, outcome.record.Id));
    if (outcome.created) {
      return sendJson(request, reply, 201, saveResult(outcome.record.Id, true));
    }
    if (Number(ctx.version) < UPSERT_BODY_SINCE) return reply.code(204).send();
    return sendJson(request, reply, 200, saveResult(outcome.record.Id, false));
  });

  restRoute(app, emulator, 'DELETE', '/sobjects/:object/:field/:value', (request, reply, ctx) => {
    const params = request.params as LookupParams;
    const object = requireVisibleObject(ctx, params.object);
    try {
      const record = recordByLookup(ctx, object, params);
      deleteAs(ctx, object, record.Id);
    } catch (error) {
      if (error instanceof MultipleMatchesError) {
        return sendMultipleChoices(request, reply, ctx, object, error);
      }
      return asResourceError(error);
    }
    return reply.code(204).send();
  });

  restRoute(app, emulator, ['POST', 'PUT'], '/sobjects/:object/:field/:value', (request) => {
    throw methodNotAllowed(request.method);
  });
}
