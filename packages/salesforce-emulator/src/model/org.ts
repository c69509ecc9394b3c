import type { ObjectDefinition } from '../schema/field-definition.ts';
import type { SObjectTable } from '../data/sobject-table.ts';

/** Org-wide settings that change how the org answers. */
export interface OrgSettings {
  /** Session timeout: an access token unused for this long is expired (Salesforce default 2 h). */
  sessionTimeoutMs: number;
  /** Days until a password expires; 0 means never (Salesforce default 90). */
  passwordExpiryDays: number;
  /** New orgs block the OAuth username-password flow ("Allow OAuth Username-Password Flows" off). */
  usernamePasswordFlowBlocked: boolean;
  /** Client IP ranges from which the password flow needs no security token. */
  trustedIpRanges: Array<{ start: string; end: string }>;
  /** `API_DISABLED_FOR_ORG` when false (e.g. Professional Edition without API). */
  apiEnabled: boolean;
  /** Daily (rolling 24 h) API request allowance. */
  dailyApiRequests: number;
  /** Login hours: when false, every login and refresh fails with "IP restricted or invalid login hours". */
  loginHoursOpen: boolean;
  /** Bulk API 2.0 query jobs allowed per rolling 24 h (Salesforce: 10,000); unset means the default. */
  dailyBulkV2QueryJobs?: number;
}

/** A password and security token of a user. Never exposed by the REST API. */
export interface UserSecret {
  password: string;
  securityToken: string;
  passwordChangedAt: number;
  /** Set by "expire password": the next login must change it; API calls fail until then. */
  expired: boolean;
}

/** One emulated org: identity, settings, schema, data, and per-user secrets. */
export interface Org {
  id: string;
  name: string;
  /** `acme` → `acme.my.salesforce.com`, or `acme--dev.sandbox.my.salesforce.com` for a sandbox. */
  myDomain: string;
  hostname: string;
  isSandbox: boolean;
  edition: string;
  instanceName: string;
  settings: OrgSettings;
  schema: Map<string, ObjectDefinition>;
  tables: Map<string, SObjectTable>;
  secrets: Map<string, UserSecret>;
  /** Hour index (epoch ms / 3600000) → API requests counted in that hour. */
  apiUsage: Map<number, number>;
  /** Bumped on every change to profiles, permission sets, assignments and object permissions. */
  permissionsVersion: number;
  /**
   * Epoch ms of the last change to `schema` (a custom object or field added, a field changed);
   * describe answers `If-Modified-Since` with 304 when nothing changed since. Absent: unchanged
   * since the org was created. Whoever edits `schema` sets it.
   */
  schemaModifiedAt?: number;
}
