import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { apiRoute, type ApiContext } from '../http/api-route.ts';
import { sendJson } from '../http/responses.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { planQuery } from '../soql/plan-query.ts';
import { findCursor, openCursor } from '../soql/query-cursors.ts';
import type { PlannedQuery } from '../soql/query-engine.ts';
import { registerReplicationRoutes } from './replication-routes.ts';

/** Page size without `Sforce-Query-Options`, and the range the header may ask for. */
export const DEFAULT_BATCH_SIZE = 2000;
export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;

const invalidLocator = () =>
  new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');

/**
 * Rows per page from `Sforce-Query-Options: batchSize=N`, clamped to 200–2000 (Salesforce
 * treats the size as a hint and never goes outside that range).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
export function batchSizeFrom(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header.join(',') : header;
  const m = text ? /batchSize\s*=\s*(\d+)/i.exec(text) : null;
  if (!m) return null;
  return Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(m[1])));
}

function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ApiContext,
  plan: PlannedQuery,
  start: number,
  pageSize: number,
  locator: string | null,
) {
  const end = plan.countOnly ? plan.totalSize : Math.min(plan.totalSize, start + pageSize);
  const records = plan.countOnly ? [] : plan.renderRows(start, end);
  if (end >= plan.totalSize) {
    return sendJson(request, reply, 200, { totalSize: plan.totalSize, done: true, records });
  }
  const cursor =
    locator ??
    openCursor(ctx.emulator, { orgId: ctx.org.id, userId: ctx.user.Id }, plan, pageSize).locator;
  return sendJson(request, reply, 200, {
    totalSize: plan.totalSize,
    done: false,
    nextRecordsUrl: `${ctx.basePath}/query/${cursor}-${end}`,
    records,
  });
}

function runQuery(includeDeleted: boolean) {
  return (request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.q;
    const soql: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
    if (typeof soql !== 'string' || soql.trim() === '') {
      throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    const plan = planQuery(ctx.emulator, { org: ctx.org, access: ctx.access }, soql, {
      includeDeleted,
      apiVersion: ctx.version,
    });
    const pageSize = batchSizeFrom(request.headers['sforce-query-options']) ?? DEFAULT_BATCH_SIZE;
    return sendPage(request, reply, ctx, plan, 0, pageSize, null);
  };
}

function continueQuery(request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) {
  const { locator } = request.params as { locator: string };
  const m = /^(01g[0-9A-Za-z]{15})-(\d{1,10})$/.exec(locator);
  const cursor = m ? findCursor(ctx.emulator, ctx.org.id, m[1]!) : undefined;
  const start = m ? Number(m[2]) : Number.NaN;
  if (!cursor || start > cursor.plan.totalSize) throw invalidLocator();
  const pageSize = batchSizeFrom(request.headers['sforce-query-options']) ?? cursor.pageSize;
  return sendPage(request, reply, ctx, cursor.plan, start, pageSize, cursor.locator);
}

/**
 * Registers `GET /query?q=`, `GET /queryAll?q=` (recycle-bin rows included) and
 * `GET /query/<locator>-<offset>` (also under `/queryAll/`), plus the replication resources.
 * Every page is one API call; a locator lives 15 minutes from its last use.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
 */
export function registerQueryRoutes(app: FastifyInstance, emulator: Emulator): void {
  for (const [path, includeDeleted] of [
    ['/query', false],
    ['/queryAll', true],
  ] as const) {
    apiRoute(app, emulator, 'GET', path, runQuery(includeDeleted));
    apiRoute(app, emulator, 'GET', `${path}/`, runQuery(includeDeleted));
    apiRoute(app, emulator, 'GET', `${path}/:locator`, continueQuery);
  }
  registerReplicationRoutes(app, emulator);
}
