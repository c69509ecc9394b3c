import type { FastifyRequest } from 'fastify';
import { parseDateTime } from '../clock.ts';
import type { Org } from '../model/org.ts';

/** When the org's schema last changed: `schemaModifiedAt`, else the org's creation. */
export function schemaModifiedAt(org: Org): number {
  if (org.schemaModifiedAt !== undefined) return org.schemaModifiedAt;
  const created = org.tables.get('Organization')?.rows.get(org.id)?.CreatedDate;
  return (typeof created === 'string' ? parseDateTime(created) : undefined) ?? 0;
}

/**
 * Whether a describe request with `If-Modified-Since` can be answered 304 Not Modified: the
 * header parses as an HTTP date and the schema has not changed since (to the second, the
 * header's precision). A malformed header is ignored, as HTTP servers do.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_ifmodified.htm
 */
export function notModifiedSince(request: FastifyRequest, org: Org): boolean {
  const header = request.headers['if-modified-since'];
  if (typeof header !== 'string') return false;
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  return Math.floor(schemaModifiedAt(org) / 1000) * 1000 <= since;
}
