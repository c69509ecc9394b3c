import { createSession } from '../../src/control/sessions.ts';
import type { Emulator } from '../../src/emulator.ts';
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
  return createSession(emulator, org.id, userId, scopes);
}
