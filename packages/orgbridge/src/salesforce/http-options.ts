/** Salesforce answers within seconds; past this a call counts as a transient timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Per-call transport settings shared by every function that talks to Salesforce.
 * Glossary: `fetch` is injected so tests and proxies control I/O; `timeoutMs` bounds the whole
 * exchange (headers and body); `allowInsecureLoopback` permits plain http to loopback hosts only.
 */
export interface SalesforceHttpOptions {
  /** The fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
  /** Abort the exchange after this many milliseconds (default {@link DEFAULT_TIMEOUT_MS}). */
  timeoutMs?: number;
  /** Permit plain http to loopback hosts (tests and demos). Default false: https only. */
  allowInsecureLoopback?: boolean;
  /** The caller's own cancellation. */
  signal?: AbortSignal;
}

/** The signal for one exchange: the timeout, and the caller's signal when given. */
export function exchangeSignal(options: SalesforceHttpOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
}
