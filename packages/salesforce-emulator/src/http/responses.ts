import type { FastifyReply, FastifyRequest } from 'fastify';
import { SalesforceError } from '../salesforce-error.ts';

/** Salesforce's JSON content type, which strict clients (jsforce) match with `^application/json(;|$)`. */
export const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * Salesforce's pretty form (`X-PrettyPrint: 1`): two-space indent and `"key" : value`.
 * Only quoted keys at line starts are touched, so string values stay as they were.
 */
function prettyPrint(body: unknown): string {
  return JSON.stringify(body, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');
}

/** Sends JSON the way the REST API does, pretty when the request asks for it. */
export function sendJson(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: unknown,
): FastifyReply {
  const pretty = request.headers['x-prettyprint'] === '1';
  return reply
    .code(status)
    .header('content-type', JSON_TYPE)
    .header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private')
    .send(pretty ? prettyPrint(body) : JSON.stringify(body));
}

/** Sends a REST error array `[{ message, errorCode, fields? }]`. */
export function sendRestError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: SalesforceError,
): FastifyReply {
  return sendJson(request, reply, error.status, [error.toEntry()]);
}

/** Sends an OAuth error `{ error, error_description }` (HTTP 400 unless said otherwise). */
export function sendOAuthError(
  reply: FastifyReply,
  error: string,
  description: string,
  status = 400,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', JSON_TYPE)
    .header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private')
    .send(JSON.stringify({ error, error_description: description }));
}

/** The 500 body Salesforce sends for an unexpected failure, with an ErrorId to quote to support. */
export function unknownException(): SalesforceError {
  const errorId = `${Math.floor(Math.random() * 1e9)}-${Math.floor(Math.random() * 1e5)} (${-Math.floor(Math.random() * 1e9)})`;
  return new SalesforceError(
    500,
    'UNKNOWN_EXCEPTION',
    `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`,
  );
}

/** Escapes text for HTML pages (login, consent, error pages). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for XML (SOAP responses). */
export const escapeXml = escapeHtml;
