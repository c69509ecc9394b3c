import { AppError, ErrorCode } from '../errors.ts';
import { classifyApiError, classifyNetworkError, type SalesforceOutcome } from './classify.ts';
import type { SalesforceHttpOptions } from './http-options.ts';
import { salesforceFetch } from './rest-client.ts';
import { salesforceFailure } from './salesforce-failure.ts';
import { readLimited } from './send-request.ts';

/** Input of {@link forwardRequest}. */
export interface ForwardRequestOptions extends SalesforceHttpOptions {
  /** The org's instance URL from the token response. */
  instanceUrl: string;
  /** The access token. A secret. */
  accessToken: string;
  method: string;
  /**
   * The caller's path and query, percent-encoded as received: `/services/data/v62.0/query?q=…`.
   * It must stay under the instance: no `.` or `..` segment in any spelling (`%2e%2e`), no
   * encoded `/` or `\`, no `//` at the start.
   */
  path: string;
  /** The caller's headers, already reduced to {@link FORWARDED_REQUEST_HEADERS}. */
  headers: Record<string, string>;
  /** The raw body, sent as is. */
  body?: Uint8Array;
}

/** Salesforce's answer to a forwarded request. */
export interface ForwardedResponse {
  status: number;
  /** Only the headers worth returning to the caller (see {@link isForwardedResponseHeader}). */
  headers: Record<string, string>;
  /** The body unread (it may be a large CSV), or bytes when it had to be read, or null. */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /**
   * True for a 401 that means the access token no longer works (`INVALID_SESSION_ID`): refresh
   * once and send again. The body is then already read.
   */
  sessionExpired: boolean;
  /**
   * What a 401 means (see `classifyApiError`): `session_expired`, or `needs_reauth` with a reason
   * such as `password_expired`, which no refresh cures. Null for every other status.
   */
  outcome: SalesforceOutcome | null;
}

/** Request headers a caller may pass through to Salesforce; everything else is dropped. */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'content-type',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
];

/** Whether a caller's request header is passed to Salesforce: the list above and `Sforce-*`. */
export function isForwardedRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORWARDED_REQUEST_HEADERS.includes(lower) || lower.startsWith('sforce-');
}

const RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'last-modified', 'retry-after'];

/**
 * Whether a Salesforce response header is returned to the caller: content type, `Location`,
 * caching validators and every `Sforce-*` header (`Sforce-Limit-Info`, the Bulk API's
 * `Sforce-Locator`). Transfer and encoding headers are not: fetch has already decoded the body.
 */
export function isForwardedResponseHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESPONSE_HEADERS.includes(lower) || lower.startsWith('sforce-');
}

/** Error bodies of a 401 are small JSON arrays; read no more than this to classify one. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

function invalidPath(): AppError {
  return new AppError(
    ErrorCode.VALIDATION_FAILED,
    'the proxied path must stay under the org: no . or .. segments, encoded slashes or absolute URLs',
    { details: { field: 'path' } },
  );
}

/**
 * Checks a caller's path against escaping the instance. WHATWG URLs resolve `%2e%2e` as `..`,
 * and a server may decode `%2f` into a separator, so segments are judged decoded. Salesforce
 * paths have no empty segment (but may end in `/`) and never start with a scheme, so `//host`
 * and `/https://host` are refused too, though they could not leave the instance's origin.
 */
function checkPath(path: string): void {
  const pathname = path.split(/[?#]/)[0]!;
  if (!pathname.startsWith('/') || /^\/[a-z][a-z0-9+.-]*:/i.test(pathname)) throw invalidPath();
  const segments = pathname.split('/').slice(1);
  segments.forEach((segment, index) => {
    if (segment === '' && index < segments.length - 1) throw invalidPath();
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalidPath();
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) throw invalidPath();
  });
}

function pickHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (isForwardedResponseHeader(name)) picked[name] = value;
  });
  return picked;
}

/**
 * Forwards a host application's REST or Bulk API request to the org (`${instanceUrl}${path}`)
 * with the connection's access token, for `/connections/{id}/proxy/*`. Only the allowed headers
 * travel (never the caller's `Authorization`), redirects are not followed, and Salesforce's
 * status, body and relevant headers come back unchanged. A 401 is read and classified so the
 * caller can refresh once and retry once on `INVALID_SESSION_ID`.
 * Fails with `VALIDATION_FAILED` for a path that would leave the instance, and with
 * `SALESFORCE_UNAVAILABLE` when Salesforce does not answer.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm
 */
export async function forwardRequest(options: ForwardRequestOptions): Promise<ForwardedResponse> {
  checkPath(options.path);
  const { body, headers: callerHeaders, ...request } = options;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(callerHeaders)) {
    if (isForwardedRequestHeader(name)) headers[name.toLowerCase()] = value;
  }
  const method = options.method.toUpperCase();
  const hasBody =
    body !== undefined && body.byteLength > 0 && method !== 'GET' && method !== 'HEAD';
  const response = await salesforceFetch({
    ...request,
    method,
    headers,
    ...(hasBody ? { body } : {}),
  });
  if (response.status !== 401) {
    return {
      status: response.status,
      headers: pickHeaders(response.headers),
      body: response.body,
      sessionExpired: false,
      outcome: null,
    };
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await readLimited(response, MAX_ERROR_BODY_BYTES);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw salesforceFailure(classifyNetworkError(error), 'Salesforce stopped answering', {
      cause: error,
      secrets: [options.accessToken],
      status: response.status,
    });
  }
  let errorCode: string | null = null;
  let message: string | null = null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
    const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first !== null && typeof first === 'object') {
      const entry = first as Record<string, unknown>;
      if (typeof entry.errorCode === 'string') errorCode = entry.errorCode;
      if (typeof entry.message === 'string') message = entry.message;
    }
  } catch {
    // Not Salesforce's JSON error array: classified by its status alone.
  }
  const outcome = classifyApiError(401, errorCode, message);
  return {
    status: response.status,
    headers: pickHeaders(response.headers),
    body: bytes,
    sessionExpired: outcome.kind === 'session_expired',
    outcome,
  };
}
