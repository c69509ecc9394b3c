import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatDateTime, parseDateTime } from '../clock.ts';
import { findObject, RECYCLE_BIN_MS } from '../data/record-operations.ts';
import type { Emulator } from '../emulator.ts';
import { apiRoute, type ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import { SalesforceError, invalidType, notFound } from '../salesforce-error.ts';
import { objectAccess } from '../security/access.ts';

/** How far back `start` may reach: 30 days before now. */
export const REPLICATION_WINDOW_MS = 30 * 86_400_000;
/** Most ids one call may return. */
export const MAX_REPLICATION_IDS = 600_000;

const MINUTE_MS = 60_000;
const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

const invalidDate = (message: string) =>
  new SalesforceError(400, 'INVALID_REPLICATION_DATE', message);

interface Window {
  start: number;
  end: number;
  /** `end`, or now when `end` lies ahead: the last moment the answer is complete for. */
  covered: number;
}

/**
 * Reads `start` and `end` (ISO 8601, seconds ignored as Salesforce does). A `+` that arrived
 * unencoded reads as a space; it is put back. Fails with `INVALID_REPLICATION_DATE` when either
 * is missing or unparseable, when start does not precede end, or when start is more than 30
 * days ago.
 */
function readWindow(request: FastifyRequest, now: number): Window {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const read = (name: 'start' | 'end'): number => {
    const raw = Array.isArray(query[name]) ? (query[name] as unknown[])[0] : query[name];
    const text = typeof raw === 'string' ? raw.trim().replace(/ /g, '+') : '';
    const ms = text === '' ? undefined : parseDateTime(text);
    if (ms === undefined) {
      throw invalidDate(`${name} must be a dateTime in ISO 8601 format: ${text.slice(0, 100)}`);
    }
    return floorMinute(ms);
  };
  const start = read('start');
  const end = read('end');
  if (start >= end) throw invalidDate('startDate must chronologically precede endDate');
  if (start < floorMinute(now - REPLICATION_WINDOW_MS)) {
    throw invalidDate('startDate cannot be more than 30 days ago');
  }
  return { start, end, covered: Math.min(end, floorMinute(now)) };
}

function replicatedObject(ctx: ApiContext, name: string): ObjectDefinition {
  const def = findObject(ctx.org, name);
  if (!def || !objectAccess(ctx.access, def).read) throw notFound();
  // getUpdated/getDeleted raise InvalidSObjectFault for objects that are not replicateable.
  if (!def.replicateable) throw invalidType(def.name);
  return def;
}

function tooManyIds(): SalesforceError {
  return new SalesforceError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_REPLICATION_IDS.toLocaleString('en-US')} ids. Choose start and end dates that are closer together.`,
  );
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function updated(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
  const def = replicatedObject(ctx, (request.params as { object: string }).object);
  const window = readWindow(request, ctx.emulator.clock.now());
  const from = formatDateTime(window.start);
  const to = formatDateTime(window.end);
  const ids: string[] = [];
  for (const r of ctx.org.tables.get(def.name)?.rows.values() ?? []) {
    const stamp = r.SystemModstamp;
    if (typeof stamp === 'string' && stamp >= from && stamp <= to) {
      ids.push(r.Id);
      if (ids.length > MAX_REPLICATION_IDS) throw tooManyIds();
    }
  }
  // Undeleted records re-enter the table at its end; answer in Id order regardless.
  ids.sort();
  return sendJson(request, reply, 200, {
    ids,
    latestDateCovered: formatDateTime(window.covered),
  });
}

function deleted(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
  const def = replicatedObject(ctx, (request.params as { object: string }).object);
  const now = ctx.emulator.clock.now();
  const window = readWindow(request, now);
  const earliest = floorMinute(now - RECYCLE_BIN_MS);
  const records: Array<{ id: string; deletedDate: string }> = [];
  for (const entry of ctx.org.tables.get(def.name)?.recycleBin.values() ?? []) {
    const at = entry.deletedAt;
    if (at >= earliest && at >= window.start && at <= window.end) {
      records.push({ id: entry.record.Id, deletedDate: formatDateTime(at) });
      if (records.length > MAX_REPLICATION_IDS) throw tooManyIds();
    }
  }
  records.sort(byId);
  return sendJson(request, reply, 200, {
    deletedRecords: records,
    earliestDateAvailable: formatDateTime(earliest),
    latestDateCovered: formatDateTime(window.covered),
  });
}

/**
 * Registers the replication resources `GET /sobjects/X/updated/?start&end` (live records whose
 * SystemModstamp falls in the window) and `GET /sobjects/X/deleted/?start&end` (recycle-bin
 * entries of the last 15 days), with and without the trailing slash.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getupdated.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getdeleted.htm
 */
export function registerReplicationRoutes(app: FastifyInstance, emulator: Emulator): void {
  for (const slash of ['', '/']) {
    apiRoute(app, emulator, 'GET', `/sobjects/:object/updated${slash}`, updated);
    apiRoute(app, emulator, 'GET', `/sobjects/:object/deleted${slash}`, deleted);
  }
}
