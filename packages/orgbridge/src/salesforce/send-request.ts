import { AppError } from '../errors.ts';
import { classifyNetworkError } from './classify.ts';
import { exchangeSignal, type SalesforceHttpOptions } from './http-options.ts';
import { salesforceFailure } from './salesforce-failure.ts';

/** OAuth and identity answers are a few kilobytes; anything near this is not Salesforce. */
export const MAX_AUTH_BODY_BYTES = 1024 * 1024;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Sends one request and reads the whole answer within the timeout, returning it as a buffered
 * Response (so that later parsing cannot time out or fail on the network). Never follows
 * redirects. Fails only with `SALESFORCE_UNAVAILABLE` (`transient`: `timeout` or
 * `network_error`) or, for a body over `maxBodyBytes`, `SALESFORCE_ERROR` (`invalid_response`).
 * `secrets` are redacted from anything kept of a foreign error.
 */
export async function sendRequest(
  url: string,
  init: RequestInit,
  options: SalesforceHttpOptions,
  secrets: readonly string[],
  maxBodyBytes = MAX_AUTH_BODY_BYTES,
): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(url, {
      ...init,
      redirect: 'manual',
      signal: exchangeSignal(options),
    });
    const body = await readLimited(response, maxBodyBytes);
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw salesforceFailure(classifyNetworkError(error), 'Salesforce could not be reached', {
      cause: error,
      secrets,
    });
  }
}

/** Reads a whole body, failing with `SALESFORCE_ERROR` (`invalid_response`) past `maxBytes`. */
export async function readLimited(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (response.body === null) return null;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading an oversized body instead of buffering it.
      await reader.cancel().catch(() => undefined);
      throw salesforceFailure(
        { kind: 'invalid_response' },
        `Salesforce's answer exceeded ${maxBytes} bytes`,
        { status: response.status },
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
