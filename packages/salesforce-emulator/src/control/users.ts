import { updateRecord } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { CreatedUser, CreateUserOptions, Emulator } from '../emulator.ts';
import { passwordExpired } from '../http/session.ts';
import type { Org } from '../model/org.ts';
import { revokeUserSessions } from '../security/revocation.ts';
import { invalidRequest } from './control-error.ts';
import { requireControlOrg, requireControlUser, setupActorId } from './lookup.ts';

/** What the control API tells about a user (never the password or token). */
export interface UserSummary {
  id: string;
  username: string;
  name: string;
  email: string;
  isActive: boolean;
  profileId: string;
  profileName: string;
  /** Names of the permission sets assigned to the user (not the profile's own). */
  permissionSets: string[];
  /** Expired by an admin or by the org's password policy. */
  passwordExpired: boolean;
}

/**
 * Creates a user with a password and security token (generated unless given) and returns them,
 * so a test can log in. Fails when the username is taken anywhere (usernames are global in
 * Salesforce), or the profile or a permission set does not exist.
 */
export function createUser(
  emulator: Emulator,
  orgId: string,
  options: CreateUserOptions,
): CreatedUser {
  const org = requireControlOrg(emulator, orgId);
  if (typeof options.username !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(options.username))
    throw invalidRequest('username must look like an email address');
  if (emulator.findUserByUsername(options.username))
    throw invalidRequest(`username ${options.username} is taken`);
  if (options.profile !== undefined) resolveProfile(emulator, org, options.profile);
  for (const name of options.permissionSets ?? []) {
    if (!emulator.findPermissionSet(org, name)) throw invalidRequest(`no permission set ${name}`);
  }
  return emulator.createUser(org.id, options);
}

/** The users of an org, in creation order. */
export function listUsers(emulator: Emulator, orgId: string): UserSummary[] {
  const org = requireControlOrg(emulator, orgId);
  return [...(org.tables.get('User')?.rows.values() ?? [])].map((u) =>
    summarizeUser(emulator, org, u),
  );
}

/** One user, by id or username. */
export function describeUser(emulator: Emulator, orgId: string, user: string): UserSummary {
  const org = requireControlOrg(emulator, orgId);
  return summarizeUser(emulator, org, requireControlUser(emulator, org, user));
}

/**
 * Deactivates a user (`IsActive = false`), as an admin does in Setup: every session of the user
 * ends at once, browser logins included. Grants stay listed, but refreshing them fails with
 * `inactive user`.
 * @see https://help.salesforce.com/s/articleView?id=sf.users_deactivate.htm
 */
export function deactivateUser(emulator: Emulator, orgId: string, user: string): UserSummary {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  updateRecord(
    emulator.data,
    org,
    'User',
    record.Id,
    { IsActive: false },
    { actorId: setupActorId(emulator, org) },
  );
  revokeUserSessions(emulator, org.id, record.Id);
  for (const [id, login] of emulator.loginSessions) {
    if (login.orgId === org.id && login.userId === record.Id) emulator.loginSessions.delete(id);
  }
  return summarizeUser(emulator, org, record);
}

/** Reactivates a user. Sessions ended by the deactivation stay ended; grants work again. */
export function reactivateUser(emulator: Emulator, orgId: string, user: string): UserSummary {
  const org = requireControlOrg(emulator, orgId);
  const record = requireControlUser(emulator, org, user);
  updateRecord(
    emulator.data,
    org,
    'User',
    record.Id,
    { IsActive: true },
    { actorId: setupActorId(emulator, org) },
  );
  return summarizeUser(emulator, org, record);
}

/** A profile by name or id, or 400. */
export function resolveProfile(emulator: Emulator, org: Org, profile: string): string {
  try {
    return emulator.resolveProfileId(org, profile);
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : `no profile ${profile}`);
  }
}

function summarizeUser(emulator: Emulator, org: Org, user: SObjectRecord): UserSummary {
  const profile = org.tables.get('Profile')?.rows.get(String(user.ProfileId));
  const sets = org.tables.get('PermissionSet')?.rows;
  const permissionSets: string[] = [];
  for (const a of org.tables.get('PermissionSetAssignment')?.rows.values() ?? []) {
    const ps = a.AssigneeId === user.Id ? sets?.get(String(a.PermissionSetId)) : undefined;
    if (ps && ps.IsOwnedByProfile !== true) permissionSets.push(String(ps.Name));
  }
  return {
    id: user.Id,
    username: String(user.Username),
    name: String(user.Name),
    email: String(user.Email),
    isActive: user.IsActive === true,
    profileId: String(user.ProfileId),
    profileName: typeof profile?.Name === 'string' ? profile.Name : '',
    permissionSets,
    passwordExpired: passwordExpired(emulator, org, user.Id),
  };
}
