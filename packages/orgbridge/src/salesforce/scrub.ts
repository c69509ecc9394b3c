const MAX_TEXT = 300;

/**
 * Makes foreign text safe for a message, detail or log: every known secret replaced, query
 * strings cut off URLs (tokens travel there in some clients), and the length bounded.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact ordinary words; real tokens and secrets are long.
    if (secret.length < 8) continue;
    // Also as a server may echo it: percent-encoded or form-encoded (`=` → `%3D`, `!` → `%21`).
    const forms = new Set([secret, encodeURIComponent(secret), formEncode(secret)]);
    for (const form of forms) out = out.split(form).join('[redacted]');
  }
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)\?[^\s"'<>]*/gi, '$1?[redacted]');
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * Rebuilds a foreign error (fetch, undici, oauth4webapi) as a plain Error with only its name,
 * code and scrubbed message, and the same for its causes (three levels). Foreign errors may hold
 * a Response, a parsed token body or a request URL; none of that survives.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  const source = error instanceof Error ? error : null;
  const message = scrubText(source ? source.message : String(error), secrets);
  const nested =
    source && source.cause !== undefined && depth < 2
      ? sanitizeCause(source.cause, secrets, depth + 1)
      : undefined;
  const copy = new Error(message, nested === undefined ? undefined : { cause: nested });
  copy.name = source?.name ?? 'Error';
  const code = (source as { code?: unknown } | null)?.code;
  if (typeof code === 'string' || typeof code === 'number')
    Object.assign(copy, { code: scrubText(String(code), secrets) });
  copy.stack = `${copy.name}: ${message}`;
  return copy;
}
