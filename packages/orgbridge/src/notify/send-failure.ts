import { isAppError } from '../errors.ts';

/** Network error codes worth naming in a delivery log (never a URL, header or secret). */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
};

function codeOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * A secret-free, plain-words reason for a failed send (for the delivery log), or null when the
 * error is not a network or time-out failure (a bug or a vault error: the caller reports it).
 */
export function describeSendFailure(
  error: unknown,
  context: { timeoutMs: number; stopping: boolean },
): string | null {
  if (isAppError(error)) return null;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError')
    return `no answer within ${context.timeoutMs < 1000 ? `${context.timeoutMs} ms` : `${Math.round(context.timeoutMs / 1000)} s`}`;
  if (name === 'AbortError' || context.stopping) return 'orgbridge stopped during the attempt';
  const code = codeOf(error);
  if (code !== null) return NETWORK_CODES[code] ?? `network error (${code})`;
  if (error instanceof TypeError) return 'network error';
  return null;
}
