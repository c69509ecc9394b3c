import { salesforceOutcome } from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import type { OrgClient } from './org-client.ts';

/** What orgbridge reads about the authorizing user, daily, for advice and password expiry. */
export interface UserFacts {
  profileName: string | null;
  userType: string | null;
  /** "API Only User" from the profile or any assigned permission set. */
  apiOnly: boolean;
  /** "Password Never Expires" from the profile or any assigned permission set. */
  passwordNeverExpires: boolean;
  /** `User.LastPasswordChangeDate`, epoch ms; null when not visible. */
  lastPasswordChangeAt: number | null;
}

/** Whether the connection runs as a dedicated integration user or as a person, and why. */
export interface IntegrationUserAdvice {
  kind: 'integration_user' | 'person' | 'unknown';
  /** The facts the verdict rests on, in plain words. */
  signals: string[];
  /** For a person: what will break the connection and what to do instead. Null otherwise. */
  warning: string | null;
}

const soqlId = (id: string) => id.replace(/[^A-Za-z0-9]/g, '');

/** A query the user may not be allowed to run (setup objects need View Setup) reads as empty. */
async function visibleOrEmpty<R>(
  answer: Promise<{ body: QueryResult<R> }>,
): Promise<QueryResult<R>> {
  try {
    return (await answer).body;
  } catch (error) {
    const outcome = salesforceOutcome(error)?.kind;
    if (outcome === 'access_denied' || outcome === 'invalid_request') return { records: [] };
    throw error;
  }
}

interface QueryResult<R> {
  records: R[];
}

/**
 * Reads the user's profile, type, last password change, and the API-only and password-never-
 * expires permissions across everything assigned to them (the profile's own permission set
 * included). Two SOQL queries.
 */
export async function readUserFacts(
  client: OrgClient,
  connectionId: string,
  userId: string,
): Promise<UserFacts> {
  const user = await visibleOrEmpty(
    client.request<
      QueryResult<{
        UserType?: string | null;
        LastPasswordChangeDate?: string | null;
        Profile?: { Name?: string | null } | null;
      }>
    >(connectionId, {
      path: `/services/data/{version}/query?q=${encodeURIComponent(
        `SELECT Id, UserType, LastPasswordChangeDate, Profile.Name FROM User WHERE Id = '${soqlId(userId)}'`,
      )}`,
    }),
  );
  const assignments = await visibleOrEmpty(
    client.request<
      QueryResult<{
        PermissionSet?: {
          PermissionsApiUserOnly?: boolean;
          PermissionsPasswordNeverExpires?: boolean;
        } | null;
      }>
    >(connectionId, {
      path: `/services/data/{version}/query?q=${encodeURIComponent(
        `SELECT PermissionSet.PermissionsApiUserOnly, PermissionSet.PermissionsPasswordNeverExpires FROM PermissionSetAssignment WHERE AssigneeId = '${soqlId(userId)}'`,
      )}`,
    }),
  );
  const record = user.records[0];
  const sets = assignments.records.map((r) => r.PermissionSet ?? {});
  const changed = record?.LastPasswordChangeDate ? Date.parse(record.LastPasswordChangeDate) : NaN;
  return {
    profileName: record?.Profile?.Name ?? null,
    userType: record?.UserType ?? null,
    apiOnly: sets.some((s) => s.PermissionsApiUserOnly === true),
    passwordNeverExpires: sets.some((s) => s.PermissionsPasswordNeverExpires === true),
    lastPasswordChangeAt: Number.isNaN(changed) ? null : changed,
  };
}

/**
 * The advice the vendors' help pages never give up front: a connection authorized by a person
 * breaks when that person leaves (deactivated), changes role (permissions), or lets a password
 * expire. A dedicated integration user is recognised by the API Only User permission, an
 * integration profile or license ("Minimum Access - API Only Integrations", the free Salesforce
 * Integration license), or the flows that exist for such users (JWT bearer, client credentials).
 */
export function integrationUserAdvice(row: ConnectionRow): IntegrationUserAdvice {
  const facts = row.user_facts === null ? null : (JSON.parse(row.user_facts) as UserFacts);
  const profile = facts?.profileName ?? row.profile_name;
  const signals: string[] = [];
  if (facts?.apiOnly) signals.push('has the API Only User permission');
  if (profile && /integration|api only/i.test(profile))
    signals.push(`has the integration profile "${profile}"`);
  if (row.auth_flow === 'jwt_bearer' || row.auth_flow === 'client_credentials')
    signals.push(
      `connects with the ${row.auth_flow.replace('_', ' ')} flow, made for integration users`,
    );
  if (signals.length > 0) return { kind: 'integration_user', signals, warning: null };
  if (facts === null && profile === null) return { kind: 'unknown', signals: [], warning: null };
  const who = row.display_name ?? row.username ?? 'the authorizing user';
  return {
    kind: 'person',
    signals: [
      `${who} has the profile "${profile ?? 'unknown'}" and can log in to the Salesforce UI`,
    ],
    warning:
      `This connection runs as ${who}, a person's account. It stops working when they leave the ` +
      'company (their user is deactivated), when their password expires or is reset, or when their ' +
      'permissions change. Connect it with a dedicated integration user instead: a user with the ' +
      'free Salesforce Integration license and the "Minimum Access - API Only Integrations" ' +
      'profile, plus a permission set with what this integration needs.',
  };
}
