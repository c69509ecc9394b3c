import type { Emulator } from '../../src/emulator.ts';
import { randomBase62 } from '../../src/ids.ts';
import type { Org } from '../../src/model/org.ts';

/**
 * Creates an OAuth access session for a user directly in the emulator's state (no OAuth flow)
 * and returns its token, shaped like Salesforce's (`00D…!AQ…`). Scopes default to `api`.
 */
export function createTestSession(
  emulator: Emulator,
  org: Org,
  userId: string,
  scopes: string[] = ['api'],
): string {
  const token = `${org.id.slice(0, 15)}!AQtest${randomBase62(90)}`;
  const now = emulator.clock.now();
  emulator.sessions.set(token, {
    token,
    orgId: org.id,
    userId,
    appId: null,
    grantId: null,
    scopes,
    issuedAt: now,
    lastActivityAt: now,
    revokedAt: null,
    kind: 'oauth',
  });
  return token;
}
