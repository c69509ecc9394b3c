import type { FastifyRequest } from 'fastify';
import { SalesforceError } from '../salesforce-error.ts';
import {
  COLUMN_DELIMITERS,
  LINE_ENDINGS,
  type ColumnDelimiter,
  type JobState,
  type LineEnding,
} from './bulk-job.ts';
import { invalidEnumValue, invalidJobState } from './bulk-errors.ts';

const NO_BODY = 'The HTTP entity body is required, but this request has no entity body.';

/**
 * The JSON object a job request sends (create, close, abort). Bodies that arrive under another
 * content type are read as JSON too, as Salesforce does; anything else is `JSON_PARSER_ERROR`.
 */
export function jobRequestBody(raw: unknown): Record<string, unknown> {
  let body = raw;
  if (typeof body === 'string') {
    if (body.trim() === '') body = undefined;
    else {
      try {
        body = JSON.parse(body);
      } catch (error) {
        const detail = error instanceof Error ? error.message : 'malformed JSON';
        throw new SalesforceError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${detail}`);
      }
    }
  }
  if (body === undefined || body === null)
    throw new SalesforceError(400, 'JSON_PARSER_ERROR', NO_BODY);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of \`JobInfo\` out of ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE_STRING'} token`,
    );
  }
  return body as Record<string, unknown>;
}

/** A request value that must be one of an enum's names; `undefined`/null give the default. */
export function enumValue<T extends string>(
  body: Record<string, unknown>,
  key: string,
  type: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidEnumValue(type, value, allowed);
  }
  return value as T;
}

/** The CSV options every job takes: contentType (only CSV), lineEnding, columnDelimiter. */
export function csvOptions(body: Record<string, unknown>): {
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
} {
  enumValue(body, 'contentType', 'ContentType', ['CSV'], 'CSV');
  return {
    lineEnding: enumValue(
      body,
      'lineEnding',
      'LineEndingEnum',
      Object.keys(LINE_ENDINGS) as LineEnding[],
      'LF',
    ),
    columnDelimiter: enumValue(
      body,
      'columnDelimiter',
      'ColumnDelimiterEnum',
      Object.keys(COLUMN_DELIMITERS) as ColumnDelimiter[],
      'COMMA',
    ),
  };
}

/** The state a close or abort request asks for. */
export function requestedState(request: FastifyRequest): JobState {
  const body = jobRequestBody(request.body);
  const state = body.state;
  const known: JobState[] = [
    'Open',
    'UploadComplete',
    'InProgress',
    'JobComplete',
    'Failed',
    'Aborted',
  ];
  if (typeof state !== 'string' || !(known as string[]).includes(state)) {
    throw invalidEnumValue('JobStateEnum', state, known);
  }
  if (state !== 'UploadComplete' && state !== 'Aborted') {
    throw invalidJobState(`Invalid state: ${state}`);
  }
  return state;
}
