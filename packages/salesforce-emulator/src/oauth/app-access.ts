import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import { liveGrants } from './grant-store.ts';

/**
 * Whether an admin pre-authorized the user for the app in the org (through a profile or
 * permission set), which admin-approved apps require and which replaces consent.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
 */
export function isPreAuthorized(app: ConnectedApp, orgId: string, username: string): boolean {
  const wanted = username.toLowerCase();
  return (app.preAuthorizedUsers[orgId] ?? []).some((u) => u.toLowerCase() === wanted);
}

/**
 * The scopes a user approved for an app through approvals that carry a refresh token, combined;
 * empty when there are none. The JWT bearer flow accepts only such prior approvals.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
export function approvedScopes(
  emulator: Emulator,
  orgId: string,
  userId: string,
  appId: string,
): string[] {
  const scopes = new Set<string>();
  for (const grant of liveGrants(emulator, orgId, userId, appId)) {
    if (grant.refreshToken === '') continue;
    for (const s of grant.scopes) scopes.add(s);
  }
  return [...scopes];
}
