import type { FastifyRequest } from 'fastify';
import { SalesforceError } from '../salesforce-error.ts';

const NO_BODY = 'The HTTP entity body is required, but this request has no entity body.';

/** The Jackson token name Salesforce's parser reports for an unexpected JSON value. */
function jsonToken(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    case 'boolean':
      return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    default:
      return 'VALUE_NULL';
  }
}

function isJsonRequest(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return type === undefined || /^application\/json\s*(;|$)/i.test(type);
}

/** Deeper JSON than any sObject body needs; refused before it reaches recursive code. */
const MAX_DEPTH = 64;

/** The nesting depth of a parsed JSON value, measured without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return max;
}

/** A JSON value as text for messages and comparisons: strings as they are, the rest as JSON. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parsed JSON body of a request, whatever its shape. Fails as the REST API does: 415 for a
 * body that is not JSON (the emulator speaks no XML), `JSON_PARSER_ERROR` when there is none.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export function jsonBody(request: FastifyRequest): unknown {
  if (!isJsonRequest(request)) {
    throw new SalesforceError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content type not supported.');
  }
  const body: unknown = request.body;
  if (body === undefined || body === null || body === '') {
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', NO_BODY);
  }
  if (depthOf(body) > MAX_DEPTH) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `The JSON body nests deeper than ${MAX_DEPTH} levels.`,
    );
  }
  return body;
}

/**
 * The JSON body as an object (`{…}`), as the sObject resources require. An array or a bare value
 * fails with `JSON_PARSER_ERROR`, named the way Salesforce's deserializer names it.
 */
export function jsonObjectBody(
  request: FastifyRequest,
  typeName = 'SObject',
): Record<string, unknown> {
  const body = jsonBody(request);
  if (!isJsonObject(body)) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${typeName} from ${jsonToken(body)} value ${Array.isArray(body) ? '[' : JSON.stringify(body)} or request may be missing a required field at [line:1, column:1]`,
    );
  }
  return body;
}
