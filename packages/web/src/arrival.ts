/**
 * Why the page was opened on one connection: orgbridge's OAuth callback sending the browser
 * back (`?connection=<id>&outcome=…`), or an email's link (`?connection=<id>&action=reauthorize`).
 */
export interface Arrival {
  connectionId: string;
  /** `alert` for a failed authorization; `status` for everything else. */
  kind: 'status' | 'alert';
  message: string;
}

const PARAMS = ['connection', 'outcome', 'code', 'message', 'reason', 'action'];

const SUCCESS: Record<string, string> = {
  connected: 'Connected to Salesforce',
  reauthorized: 'Re-authorized: same connection, settings and sync position kept',
};

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Reads those parameters once, on load, and removes them from the address, so a reload or a
 * bookmark does not announce the outcome again. The page then opens on that connection (see
 * App) while the address stays plain `/`.
 */
export function takeArrival(): Arrival | null {
  const params = new URLSearchParams(window.location.search);
  const connectionId = params.get('connection');
  if (connectionId === null) return null;
  const outcome = params.get('outcome');
  const action = params.get('action');
  const code = params.get('code');
  const message = params.get('message');
  for (const name of PARAMS) params.delete(name);
  const rest = params.toString();
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${rest === '' ? '' : `?${rest}`}${window.location.hash}`,
  );
  // orgbridge sends only its own ids; anything else is a mangled or crafted address.
  if (!CONNECTION_ID.test(connectionId)) return null;
  if (outcome === null)
    return action === 'reauthorize'
      ? {
          connectionId,
          kind: 'status',
          message: 'This connection needs you: choose Reauthorize to sign in to Salesforce again.',
        }
      : null;
  const success = SUCCESS[outcome];
  if (success !== undefined) return { connectionId, kind: 'status', message: success };
  return {
    connectionId,
    kind: 'alert',
    message:
      'Salesforce authorization failed: ' +
      (message ?? 'it did not complete.') +
      (code === null ? '' : ` (${code})`),
  };
}
