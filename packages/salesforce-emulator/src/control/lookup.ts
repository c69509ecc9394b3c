import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import { normalizeId } from '../ids.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { Org } from '../model/org.ts';
import { notFoundError } from './control-error.ts';

/** The user id setup changes are attributed to when an org has no active admin yet. */
export const AUTOMATED_PROCESS_USER_ID = '005000000000000AAA';

/** An org by 15- or 18-character id, or 404. */
export function requireControlOrg(emulator: Emulator, orgId: string): Org {
  const org = emulator.findOrg(orgId);
  if (!org) throw notFoundError('org', orgId);
  return org;
}

/** A user of the org by id (15 or 18 characters) or username, or 404. */
export function requireControlUser(emulator: Emulator, org: Org, user: string): SObjectRecord {
  const id = normalizeId(user);
  const byId = id ? emulator.findUser(org, id) : undefined;
  if (byId) return byId;
  const found = emulator.findUserByUsername(user);
  if (found && found.org.id === org.id) return found.user;
  throw notFoundError('user', user);
}

/** A connected app by id or consumer key, or 404. */
export function requireControlApp(emulator: Emulator, app: string): ConnectedApp {
  const id = normalizeId(app);
  const found = (id ? emulator.apps.get(id) : undefined) ?? emulator.findAppByConsumerKey(app);
  if (!found) throw notFoundError('connected app', app);
  return found;
}

/** Who a setup change made through the control API is recorded as: the org's first active admin. */
export function setupActorId(emulator: Emulator, org: Org): string {
  return emulator.firstAdminId(org) ?? AUTOMATED_PROCESS_USER_ID;
}
