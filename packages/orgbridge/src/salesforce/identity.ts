import { ErrorCode } from '../errors.ts';
import { classifyApiError } from './classify.ts';
import type { SalesforceHttpOptions } from './http-options.ts';
import { salesforceRequest } from './rest-client.ts';
import { salesforceFailure } from './salesforce-failure.ts';
import { requireBaseUrl } from './secure-url.ts';
import { sendRequest } from './send-request.ts';

/** The REST API version orgbridge speaks unless told otherwise (Winter '25). */
export const DEFAULT_API_VERSION = '62.0';

/** Input of {@link fetchIdentity}. */
export interface FetchIdentityOptions extends SalesforceHttpOptions {
  /** The token response's `id`. */
  identityUrl: string;
  accessToken: string;
  /** The token response's `instance_url`, for the REST queries. */
  instanceUrl: string;
  /** REST API version for the queries (default {@link DEFAULT_API_VERSION}). */
  apiVersion?: string;
  /**
   * Also query the user's profile and whether the org is a sandbox (two REST calls; they need
   * the `api` scope). Default true.
   */
  includeOrgDetails?: boolean;
}

/** Who a grant belongs to (DESIGN §2 "identity"). */
export interface SalesforceIdentity {
  identityUrl: string;
  /** 18-character org id. */
  orgId: string;
  /** 18-character user id. */
  userId: string;
  username: string;
  displayName: string;
  email: string | null;
  /** As the identity service spells it: `STANDARD`, `POWER_PARTNER`, … */
  userType: string;
  /** Whether the user is active. */
  active: boolean;
  /** The identity document's `urls` (`rest`, `sobjects`, … with `{version}` left literal). */
  urls: Record<string, string>;
  /** `User.Profile.Name` (may be localized by the org's language); null without org details. */
  profileName: string | null;
  /** `Organization.IsSandbox`; null without org details. */
  isSandbox: boolean | null;
  /** `Organization.OrganizationType` (`Developer Edition`, `Enterprise Edition`, …); null without. */
  organizationType: string | null;
}

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * Reads the identity URL (`GET {id}` with `Authorization: Bearer`, never the token in the URL)
 * and, unless `includeOrgDetails` is false, queries
 * `SELECT Id, IsSandbox, OrganizationType FROM Organization` and
 * `SELECT Profile.Name, UserType, IsActive FROM User WHERE Id = '…'` on the instance.
 * A bad, expired or revoked token (403 `Bad_OAuth_Token`) fails with
 * `SALESFORCE_SESSION_EXPIRED`: refresh once, retry once, and the refresh then names the real
 * reason. Other failures: `SALESFORCE_UNAVAILABLE`, `SALESFORCE_LIMIT_EXCEEDED`,
 * `SALESFORCE_ERROR` (unexpected answer), and whatever the REST calls fail with (e.g.
 * `REAUTH_REQUIRED`/`password_expired`, `SALESFORCE_ACCESS_DENIED` without the `api` scope).
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
export async function fetchIdentity(options: FetchIdentityOptions): Promise<SalesforceIdentity> {
  const secrets = [options.accessToken];
  const identityUrl = requireBaseUrl(
    options.identityUrl,
    options.allowInsecureLoopback ?? false,
    'identityUrl',
    ErrorCode.VALIDATION_FAILED,
  );
  const response = await sendRequest(
    identityUrl,
    {
      method: 'GET',
      headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
    },
    options,
    secrets,
  );
  const text = await response.text();
  if (response.status !== 200) {
    const badToken = /^\s*Bad_OAuth_Token\s*$/.test(text) || response.status === 401;
    throw salesforceFailure(
      badToken ? { kind: 'session_expired' } : classifyApiError(response.status, null, null),
      `Salesforce's identity service refused the token: HTTP ${response.status}`,
      {
        status: response.status,
        salesforceError: /^\s*\w{1,40}\s*$/.test(text) ? text.trim() : null,
        secrets,
      },
    );
  }
  const doc = parseDocument(text);
  const orgId = doc?.organization_id;
  const userId = doc?.user_id;
  if (
    !doc ||
    typeof orgId !== 'string' ||
    typeof userId !== 'string' ||
    !ID_PATTERN.test(orgId) ||
    !ID_PATTERN.test(userId) ||
    typeof doc.username !== 'string'
  ) {
    throw salesforceFailure(
      { kind: 'invalid_response' },
      "Salesforce's identity document is not valid",
      { status: response.status, secrets },
    );
  }
  const identity: SalesforceIdentity = {
    identityUrl,
    orgId,
    userId,
    username: doc.username,
    displayName: typeof doc.display_name === 'string' ? doc.display_name : doc.username,
    email: typeof doc.email === 'string' ? doc.email : null,
    userType: typeof doc.user_type === 'string' ? doc.user_type : 'STANDARD',
    active: doc.active !== false,
    urls: stringRecord(doc.urls),
    profileName: null,
    isSandbox: null,
    organizationType: null,
  };
  if (options.includeOrgDetails === false) return identity;
  return { ...identity, ...(await fetchOrgDetails(options, userId)) };
}

interface OrgRow {
  IsSandbox?: unknown;
  OrganizationType?: unknown;
}
interface UserRow {
  Profile?: { Name?: unknown } | null;
  UserType?: unknown;
  IsActive?: unknown;
}
interface QueryResult<T> {
  records?: T[];
}

async function fetchOrgDetails(
  options: FetchIdentityOptions,
  userId: string,
): Promise<Pick<SalesforceIdentity, 'profileName' | 'isSandbox' | 'organizationType' | 'active'>> {
  const version = options.apiVersion ?? DEFAULT_API_VERSION;
  const query = <T>(soql: string) =>
    salesforceRequest<QueryResult<T>>({
      ...options,
      path: `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`,
    });
  // userId matched ID_PATTERN (alphanumeric only), so it cannot break out of the literal.
  const [org, user] = await Promise.all([
    query<OrgRow>('SELECT Id, IsSandbox, OrganizationType FROM Organization'),
    query<UserRow>(`SELECT Profile.Name, UserType, IsActive FROM User WHERE Id = '${userId}'`),
  ]);
  const orgRow = org.body?.records?.[0];
  const userRow = user.body?.records?.[0];
  const profileName = userRow?.Profile?.Name;
  return {
    profileName: typeof profileName === 'string' ? profileName : null,
    isSandbox: typeof orgRow?.IsSandbox === 'boolean' ? orgRow.IsSandbox : null,
    organizationType: typeof orgRow?.OrganizationType === 'string' ? orgRow.OrganizationType : null,
    active: userRow?.IsActive !== false,
  };
}

function parseDocument(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
