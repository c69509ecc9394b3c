import { AppError, ErrorCode } from '../errors.ts';
import { classifyApiError, classifyNetworkError } from './classify.ts';
import { exchangeSignal, type SalesforceHttpOptions } from './http-options.ts';
import { parseLimitInfo, type ApiUsage } from './limit-info.ts';
import { SalesforceApiError, type SalesforceErrorEntry } from './salesforce-api-error.ts';
import { salesforceFailure } from './salesforce-failure.ts';
import { scrubText } from './scrub.ts';
import { requireBaseUrl } from './secure-url.ts';

/** Input of {@link salesforceFetch} and {@link salesforceRequest}. */
export interface SalesforceRequestOptions extends SalesforceHttpOptions {
  /** The org's instance URL from the token response. */
  instanceUrl: string;
  /** The access token. A secret. */
  accessToken: string;
  /** HTTP method (default GET). */
  method?: string;
  /**
   * The path with its query, appended to the instance URL: `/services/data/v62.0/query?q=…`.
   * Must start with one `/`, with no `..` segment.
   */
  path: string;
  /**
   * A plain value is sent as JSON; a string, bytes, URLSearchParams or stream as is (set its
   * `content-type` in `headers`).
   */
  body?: unknown;
  /** Extra headers (`Sforce-Query-Options`, `If-Modified-Since`, …); `authorization` is ignored. */
  headers?: Record<string, string>;
}

/** A successful answer with the org's API usage. */
export interface SalesforceResult<T = unknown> {
  status: number;
  /** Parsed JSON for `application/json`, text for anything else, null when empty. Not validated. */
  body: T;
  headers: Headers;
  /** From `Sforce-Limit-Info`; null when Salesforce did not send it. */
  limits: ApiUsage | null;
}

type RawBody = NonNullable<RequestInit['body']>;

const RAW_BODY = (body: unknown): body is RawBody =>
  typeof body === 'string' ||
  body instanceof Uint8Array ||
  body instanceof ArrayBuffer ||
  body instanceof URLSearchParams ||
  body instanceof ReadableStream;

function invalidPath(): AppError {
  return new AppError(
    ErrorCode.VALIDATION_FAILED,
    'a Salesforce API path must start with one / and have no .. segment',
    { details: { field: 'path' } },
  );
}

/**
 * The request function of a REST or Bulk API call: sends it with `Authorization: Bearer` to
 * `${instanceUrl}${path}` and returns Salesforce's Response unread (bodies may be large CSV).
 * Fails with `VALIDATION_FAILED` for a bad instance URL or path, and with
 * `SALESFORCE_UNAVAILABLE` (`transient`: `timeout` or `network_error`) when no answer comes.
 * The timeout also bounds reading the body.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm
 */
export async function salesforceFetch(options: SalesforceRequestOptions): Promise<Response> {
  const base = requireBaseUrl(
    options.instanceUrl,
    options.allowInsecureLoopback ?? false,
    'instanceUrl',
    ErrorCode.VALIDATION_FAILED,
  );
  const { path } = options;
  if (!/^\/(?!\/)/.test(path) || /[\\\u0000-\u001f]/.test(path)) throw invalidPath();
  if (
    path
      .split(/[?#]/)[0]!
      .split('/')
      // URL normalisation resolves percent-encoded dot segments too (`%2e%2e`), which would climb
      // out of a path-prefixed instance URL; refuse every spelling.
      .some((segment) => /^(\.|%2e){1,2}$/i.test(segment))
  )
    throw invalidPath();
  const url = `${base}${path}`;
  if (new URL(url).origin !== new URL(base).origin) throw invalidPath();

  const headers = new Headers(options.headers);
  headers.delete('authorization');
  headers.set('authorization', `Bearer ${options.accessToken}`);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  let body: RawBody | undefined;
  if (options.body !== undefined) {
    if (RAW_BODY(options.body)) body = options.body;
    else {
      body = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    return await doFetch(url, {
      method: options.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
      signal: exchangeSignal(options),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
  } catch (error) {
    throw salesforceFailure(classifyNetworkError(error), 'Salesforce could not be reached', {
      cause: error,
      secrets: [options.accessToken],
    });
  }
}

const JSON_TYPE = /^application\/json(;|$)/i;

/**
 * The process function of a REST or Bulk API call: reads the body (JSON parsed only for
 * `application/json`, as Salesforce labels it), parses `Sforce-Limit-Info`, and returns the
 * result for 2xx and 304. Any other status throws a {@link SalesforceApiError} classified by
 * `classifyApiError`; notably `INVALID_SESSION_ID` throws `SALESFORCE_SESSION_EXPIRED` (see
 * {@link isSessionExpired}) so the caller can refresh once and retry once.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export async function processSalesforceResponse<T = unknown>(
  response: Response,
  secrets: readonly string[] = [],
): Promise<SalesforceResult<T>> {
  const limits = parseLimitInfo(response.headers.get('sforce-limit-info'));
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw salesforceFailure(classifyNetworkError(error), 'Salesforce stopped answering', {
      cause: error,
      secrets,
      status: response.status,
    });
  }
  const isJson = JSON_TYPE.test(response.headers.get('content-type') ?? '');
  let parsed: unknown = text === '' ? null : text;
  if (isJson && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      if (response.ok)
        throw salesforceFailure({ kind: 'invalid_response' }, 'Salesforce sent malformed JSON', {
          cause: error,
          secrets,
          status: response.status,
        });
    }
  }
  if ((response.status >= 200 && response.status < 300) || response.status === 304)
    return { status: response.status, body: parsed as T, headers: response.headers, limits };

  const errors = errorEntries(parsed, secrets);
  const first = errors[0];
  const outcome = classifyApiError(
    response.status,
    first?.errorCode ?? null,
    first?.message ?? null,
  );
  throw new SalesforceApiError(
    outcome,
    `Salesforce refused the API call: ${first?.errorCode ?? `HTTP ${response.status}`}`,
    { status: response.status, errors, limits },
    secrets,
  );
}

/** Salesforce's error array (`[{ message, errorCode, fields }]`), or a single such object. */
function errorEntries(body: unknown, secrets: readonly string[]): SalesforceErrorEntry[] {
  const list: unknown[] = Array.isArray(body) ? body : body !== null ? [body] : [];
  const entries: SalesforceErrorEntry[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    const errorCode = entry.errorCode ?? entry.statusCode;
    if (typeof errorCode !== 'string') continue;
    entries.push({
      errorCode: scrubText(errorCode, secrets),
      message: typeof entry.message === 'string' ? scrubText(entry.message, secrets) : '',
      fields: Array.isArray(entry.fields)
        ? entry.fields
            .filter((f): f is string => typeof f === 'string')
            .map((f) => scrubText(f, secrets))
        : [],
    });
  }
  return entries;
}

/**
 * Calls the REST or Bulk API and returns the parsed answer with the org's API usage: the
 * request function {@link salesforceFetch} followed by {@link processSalesforceResponse}.
 * Fails as those two do.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm
 */
export async function salesforceRequest<T = unknown>(
  options: SalesforceRequestOptions,
): Promise<SalesforceResult<T>> {
  const response = await salesforceFetch(options);
  return processSalesforceResponse<T>(response, [options.accessToken]);
}

/**
 * Whether an error means the access token no longer works (`INVALID_SESSION_ID` from the API,
 * `Bad_OAuth_Token` from the identity URL): refresh once, then retry once.
 */
export function isSessionExpired(error: unknown): boolean {
  return error instanceof AppError && error.code === ErrorCode.SALESFORCE_SESSION_EXPIRED;
}
