import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import { parseAppPolicy, type AppPolicy } from './app-options.ts';
import { requireControlApp, requireControlOrg, requireControlUser } from './lookup.ts';

/**
 * Changes an app's OAuth policies: refresh-token policy and rotation, approval limit and eviction
 * order, admin-approved-only, certificate, callback URLs, secret-for-refresh, PKCE, relaxed IP
 * restrictions. Takes effect on the next request; existing tokens are not touched.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
 */
export function updateAppPolicy(emulator: Emulator, app: string, policy: AppPolicy): ConnectedApp {
  const found = requireControlApp(emulator, app);
  Object.assign(found, parseAppPolicy(policy as Record<string, unknown>));
  return structuredClone(found);
}

/**
 * Sets who in an org is pre-authorized for an admin-approved app (through a profile or permission
 * set in Salesforce; here by username). Replaces the org's previous list.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_manage_oauth.htm
 */
export function setPreAuthorizedUsers(
  emulator: Emulator,
  app: string,
  orgId: string,
  usernames: string[],
): ConnectedApp {
  const found = requireControlApp(emulator, app);
  const org = requireControlOrg(emulator, orgId);
  const canonical = usernames.map((u) => String(requireControlUser(emulator, org, u).Username));
  if (canonical.length === 0) delete found.preAuthorizedUsers[org.id];
  else found.preAuthorizedUsers[org.id] = canonical;
  return structuredClone(found);
}

/**
 * Sets (or with null clears) the run-as user of the client-credentials flow in one org; without
 * one that flow fails with `no client credentials user enabled`.
 * @see https://help.salesforce.com/s/articleView?id=sf.connected_app_client_credentials_setup.htm
 */
export function setClientCredentialsUser(
  emulator: Emulator,
  app: string,
  orgId: string,
  user: string | null,
): ConnectedApp {
  const found = requireControlApp(emulator, app);
  const org = requireControlOrg(emulator, orgId);
  if (user === null) delete found.clientCredentialsUser[org.id];
  else found.clientCredentialsUser[org.id] = requireControlUser(emulator, org, user).Id;
  return structuredClone(found);
}
