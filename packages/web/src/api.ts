import { getAuth, signOut } from './auth.ts';

/** An error answer of the API (`{ error: { code, message, details? } }`), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> | null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. Omitted: no body and no Content-Type (the API refuses an empty JSON body). */
  body?: unknown;
  signal?: AbortSignal;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function errorOf(status: number, payload: unknown): ApiError {
  const error = isRecord(payload) ? payload.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string')
    return new ApiError(
      status,
      error.code,
      error.message,
      isRecord(error.details) ? error.details : null,
    );
  return new ApiError(
    status,
    'HTTP_' + String(status),
    `The server answered ${String(status)}.`,
    null,
  );
}

/**
 * Calls `/api/v1<path>` with the signed-in credential. A 401 signs the visitor out with the
 * server's sentence (an expired link says so), so every caller gets that behaviour for free.
 * Resolves to the parsed body, or undefined for 204.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { credential } = getAuth();
  if (credential === null) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first.', null);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: `Bearer ${credential}`,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'NETWORK',
      'orgbridge could not be reached. Check your connection.',
      null,
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = null;
  if (text !== '') {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const error = errorOf(response.status, payload);
    // Only the credential currently in use is dropped: a late answer to an old one must not
    // sign out a visitor who has since signed in again.
    if (response.status === 401 && getAuth().credential === credential) signOut(error.message);
    throw error;
  }
  return payload as T;
}

/** A sentence for any failure, for alerts. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
