import type { Emulator } from '../emulator.ts';
import { issueSession } from '../oauth/grant-store.ts';
import { requireControlOrg, requireControlUser } from './lookup.ts';

/**
 * Opens an access session for a user without any OAuth flow and returns its token (shaped like
 * Salesforce's `00D…!AQ…`). For tests and benchmarks that exercise the REST or Bulk API and not
 * the login itself; the session expires and is revoked like any other. Scopes default to `api`.
 */
export function createSession(
  emulator: Emulator,
  orgId: string,
  user: string,
  scopes: string[] = ['api'],
): string {
  const org = requireControlOrg(emulator, orgId);
  const userRow = requireControlUser(emulator, org, user);
  return issueSession(emulator, {
    org,
    userId: userRow.Id,
    appId: null,
    grantId: null,
    scopes,
    kind: 'oauth',
  }).token;
}
