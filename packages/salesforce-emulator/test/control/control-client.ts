import type { Emulator, Org, RunningEmulator } from '../../src/index.ts';
import type { AccessSession, Grant } from '../../src/model/grants.ts';

/** A control API answer: status and parsed JSON. */
export interface ControlAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Calls `/__emulator<path>` with a JSON body and returns status and JSON. */
export async function control<T = unknown>(
  running: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ControlAnswer<T>> {
  const res = await fetch(`${running.baseUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

let counter = 0;

/**
 * Records an approval and an access token for a user directly in the emulator's state, as the
 * OAuth token endpoint would, so control tests do not depend on the OAuth flows.
 */
export function issueTestSession(
  emulator: Emulator,
  org: Org,
  userId: string,
  appId: string,
): { grant: Grant; session: AccessSession } {
  counter += 1;
  const now = emulator.clock.now();
  const grant: Grant = {
    id: emulator.ids.next('0CJ'),
    orgId: org.id,
    userId,
    appId,
    scopes: ['api', 'refresh_token'],
    createdAt: now,
    lastUsedAt: now,
    refreshToken: `5Aep861test${counter}`,
    rotatedOut: [],
    revokedAt: null,
    revokedReason: null,
  };
  emulator.grants.set(grant.id, grant);
  emulator.refreshTokens.set(grant.refreshToken, grant.id);
  const session: AccessSession = {
    token: `${org.id.slice(0, 15)}!AQtest${counter}`,
    orgId: org.id,
    userId,
    appId,
    grantId: grant.id,
    scopes: ['api', 'refresh_token'],
    issuedAt: now,
    lastActivityAt: now,
    revokedAt: null,
    kind: 'oauth',
  };
  emulator.sessions.set(session.token, session);
  return { grant, session };
}
