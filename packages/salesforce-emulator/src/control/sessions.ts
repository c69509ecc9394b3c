import type { Emulator } from '../emulator.ts';
import { createGrant, issueSession } from '../oauth/grant-store.ts';
import { requireControlApp, requireControlOrg, requireControlUser } from './lookup.ts';

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

/** What {@link createApproval} hands out: the grant, its refresh token and a first access token. */
export interface Approval {
  grantId: string;
  refreshToken: string;
  accessToken: string;
}

/**
 * Records a user's approval of a connected app without the login and Allow pages, as if the
 * web-server flow had completed: a grant with a refresh token (counting towards the app's
 * per-user approval limit, like any other) and a first access token. For tests and benchmarks
 * that need thousands of connected orgs; the grant refreshes, rotates and is revoked like any
 * other.
 */
export function createApproval(
  emulator: Emulator,
  orgId: string,
  user: string,
  appId: string,
  scopes: string[] = ['api', 'refresh_token'],
): Approval {
  const org = requireControlOrg(emulator, orgId);
  const userRow = requireControlUser(emulator, org, user);
  const app = requireControlApp(emulator, appId);
  const grant = createGrant(emulator, { org, userId: userRow.Id, app, scopes });
  const session = issueSession(emulator, {
    org,
    userId: userRow.Id,
    appId: app.id,
    grantId: grant.id,
    scopes,
    kind: 'oauth',
  });
  return { grantId: grant.id, refreshToken: grant.refreshToken, accessToken: session.token };
}
