import { createHash, randomBytes } from 'node:crypto';
import { Clock, formatDateTime, truncateToSecond } from './clock.ts';
import { findRecord, insertRecord, tableFor, type DataContext } from './data/record-operations.ts';
import type { SObjectRecord } from './data/sobject-table.ts';
import { IdGenerator, normalizeId, randomBase62 } from './ids.ts';
import type { ConnectedApp } from './model/connected-app.ts';
import type { Fault } from './model/fault.ts';
import type { AccessSession, AuthorizationCode, Grant, LoginSession } from './model/grants.ts';
import type { Org, OrgSettings } from './model/org.ts';
import { createStandardSchema } from './schema/standard-objects.ts';
import { seedStandardProfiles, STANDARD_PROFILES } from './security/standard-profiles.ts';

/** Hostnames of the two login servers, as in production. */
export const LOGIN_HOSTNAME = 'login.salesforce.com';
export const SANDBOX_LOGIN_HOSTNAME = 'test.salesforce.com';

/** The newest REST API version the emulator serves (Spring '26). */
export const LATEST_API_VERSION = '66.0';
/** Versions 30.0 and below are retired and answer 410. */
export const OLDEST_API_VERSION = '31.0';

export interface CreateOrgOptions {
  name?: string;
  /** My Domain name; derived from the org name when absent. */
  myDomain?: string;
  sandbox?: boolean;
  /** For a sandbox: its name (`acme--dev`). */
  sandboxName?: string;
  edition?: string;
  settings?: Partial<OrgSettings>;
}

export interface CreateUserOptions {
  username: string;
  password?: string;
  securityToken?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** A standard profile name ({@link StandardProfileName}), another profile's name, or a Profile id. Default: Standard User. */
  profile?: string;
  /** PermissionSet names to assign. */
  permissionSets?: string[];
  active?: boolean;
}

export interface CreatedUser {
  id: string;
  orgId: string;
  username: string;
  password: string;
  securityToken: string;
}

export interface CreateAppOptions {
  name: string;
  callbackUrls?: string[];
  scopes?: string[];
  consumerKey?: string;
  consumerSecret?: string;
  certificatePem?: string | null;
  adminApprovedOnly?: boolean;
  requireSecretForRefresh?: boolean;
  requirePkce?: boolean;
  rotateRefreshTokens?: boolean;
  refreshTokenPolicy?: ConnectedApp['refreshTokenPolicy'];
  approvalEviction?: ConnectedApp['approvalEviction'];
  maxApprovalsPerUser?: number;
  relaxIpRestrictions?: boolean;
}

const DEFAULT_SETTINGS: OrgSettings = {
  sessionTimeoutMs: 2 * 3600 * 1000,
  passwordExpiryDays: 90,
  usernamePasswordFlowBlocked: false,
  trustedIpRanges: [],
  apiEnabled: true,
  dailyApiRequests: 15000,
  loginHoursOpen: true,
};

const ALL_SCOPES = [
  'api',
  'refresh_token',
  'offline_access',
  'id',
  'openid',
  'profile',
  'email',
  'address',
  'phone',
  'web',
  'full',
  'chatter_api',
  'custom_permissions',
  'visualforce',
  'wave_api',
  'cdp_api',
  'pardot_api',
  'lightning',
  'content',
  'sfap_api',
  'einstein_gpt_api',
  'api_instance_url',
];

/** Settings of the control API (`/__emulator`), set by whoever starts the emulator. */
export interface EmulatorControlOptions {
  /** When set, control requests must send `Authorization: Bearer <token>`. */
  token: string | null;
  /** Where `POST /__emulator/snapshot` saves the state; null when no file is configured. */
  snapshotFile: string | null;
}

/** A security token as Salesforce mails it: 24-25 letters and digits. */
export function newSecurityToken(): string {
  return randomBase62(25);
}

/**
 * All state of the emulated Salesforce: orgs (schema, data, users, secrets), connected apps,
 * grants and sessions, the clock and injected faults. Control functions mutate it directly;
 * the HTTP routes read and write it. Nothing here is shared with the product's own code.
 */
export class Emulator {
  readonly clock = new Clock();
  readonly ids = new IdGenerator();
  readonly orgs = new Map<string, Org>();
  readonly orgsByHostname = new Map<string, Org>();
  readonly apps = new Map<string, ConnectedApp>();
  readonly grants = new Map<string, Grant>();
  /** Refresh token → grant id, for current and rotated-out tokens. */
  readonly refreshTokens = new Map<string, string>();
  readonly sessions = new Map<string, AccessSession>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly loginSessions = new Map<string, LoginSession>();
  readonly faults: Fault[] = [];
  /** RSA key the emulator signs id_tokens with (published at /id/keys). */
  signingKey: { privateKeyPem: string; publicJwk: Record<string, unknown>; kid: string } | null =
    null;
  /** `http://127.0.0.1:PORT`, set once the server listens. */
  baseUrl = 'http://127.0.0.1';
  latestApiVersion = LATEST_API_VERSION;
  /** Control API settings (token, snapshot file); not part of the emulated state. */
  readonly control: EmulatorControlOptions = { token: null, snapshotFile: null };

  get data(): DataContext {
    return { clock: this.clock, ids: this.ids };
  }

  /** The base URL of an emulated host: `http://127.0.0.1:PORT/<hostname>`. */
  urlFor(hostname: string): string {
    return `${this.baseUrl}/${hostname}`;
  }

  get loginUrl(): string {
    return this.urlFor(LOGIN_HOSTNAME);
  }

  get sandboxLoginUrl(): string {
    return this.urlFor(SANDBOX_LOGIN_HOSTNAME);
  }

  /** The org's My Domain URL, which is also its instance URL. */
  instanceUrl(org: Org): string {
    return this.urlFor(org.hostname);
  }

  /** The identity URL: on the login host of the org's kind, as Salesforce issues it even for My Domain logins. */
  identityUrl(org: Org, userId: string): string {
    return `${this.urlFor(org.isSandbox ? SANDBOX_LOGIN_HOSTNAME : LOGIN_HOSTNAME)}/id/${org.id}/${userId}`;
  }

  /** An org by 15- or 18-character id. */
  findOrg(id: string): Org | undefined {
    const full = normalizeId(id);
    return full ? this.orgs.get(full) : undefined;
  }

  requireOrg(id: string): Org {
    const org = this.findOrg(id);
    if (!org) throw new Error(`no org ${id}`);
    return org;
  }

  /** Usernames are unique across all of Salesforce, so a username alone finds its org. */
  findUserByUsername(username: string): { org: Org; user: SObjectRecord } | undefined {
    const wanted = username.toLowerCase();
    for (const org of this.orgs.values()) {
      const table = org.tables.get('User');
      const id = table?.uniqueIndexes.get('username')?.get(wanted);
      const user = id ? table?.rows.get(id) : undefined;
      if (user) return { org, user };
    }
    return undefined;
  }

  findUser(org: Org, userId: string): SObjectRecord | undefined {
    const found = findRecord(org, userId);
    return found?.def.name === 'User' ? found.record : undefined;
  }

  findAppByConsumerKey(consumerKey: string): ConnectedApp | undefined {
    for (const app of this.apps.values()) if (app.consumerKey === consumerKey) return app;
    return undefined;
  }

  /** Creates an org with the standard schema, profiles and an Organization row. */
  createOrg(options: CreateOrgOptions = {}): Org {
    const name = options.name ?? 'Emulated Org';
    const isSandbox = options.sandbox ?? false;
    const baseDomain =
      options.myDomain ??
      (name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') ||
        'org');
    let myDomain = isSandbox ? (options.sandboxName ?? `${baseDomain}--sandbox`) : baseDomain;
    const hostFor = (d: string) =>
      isSandbox ? `${d}.sandbox.my.salesforce.com` : `${d}.my.salesforce.com`;
    for (let n = 2; this.orgsByHostname.has(hostFor(myDomain)); n++) myDomain = `${baseDomain}${n}`;
    const hostname = hostFor(myDomain);
    const id = this.ids.next('00D');
    const org: Org = {
      id,
      name,
      myDomain,
      hostname,
      isSandbox,
      edition: options.edition ?? (isSandbox ? 'Enterprise Edition' : 'Developer Edition'),
      instanceName: isSandbox ? 'CS42' : 'NA224',
      settings: { ...DEFAULT_SETTINGS, ...options.settings },
      schema: createStandardSchema(),
      tables: new Map(),
      secrets: new Map(),
      apiUsage: new Map(),
      permissionsVersion: 0,
    };
    this.orgs.set(id, org);
    this.orgsByHostname.set(hostname, org);
    const at = truncateToSecond(this.clock.now());
    // The Organization row carries the org's own id, which DML cannot assign; write it directly.
    const stamp = formatDateTime(at);
    const orgRow: SObjectRecord = {
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: null,
      LastModifiedDate: stamp,
      LastModifiedById: null,
      SystemModstamp: stamp,
      Name: name,
      OrganizationType: org.edition,
      IsSandbox: isSandbox,
      InstanceName: org.instanceName,
      NamespacePrefix: null,
      LanguageLocaleKey: 'en_US',
      TimeZoneSidKey: 'America/Los_Angeles',
      Country: 'US',
    };
    tableFor(org, org.schema.get('Organization')!).rows.set(id, orgRow);
    seedStandardProfiles(this.data, org);
    return org;
  }

  /** Creates a user with a password and security token; returns the secrets so tests can log in. */
  createUser(orgId: string, options: CreateUserOptions): CreatedUser {
    const org = this.requireOrg(orgId);
    if (this.findUserByUsername(options.username))
      throw new Error(`username ${options.username} is taken`);
    const profileId = this.resolveProfileId(org, options.profile ?? 'Standard User');
    const lastName = options.lastName ?? options.username.split('@')[0] ?? 'User';
    const actorId = this.firstAdminId(org);
    const user = insertRecord(
      this.data,
      org,
      'User',
      {
        Username: options.username,
        FirstName: options.firstName ?? null,
        LastName: lastName,
        Alias: lastName.slice(0, 8),
        Email:
          options.email ??
          (options.username.includes('@') ? options.username : `${options.username}@example.com`),
        ProfileId: profileId,
        IsActive: options.active ?? true,
      },
      { actorId: actorId ?? '005000000000000AAA' },
    );
    if (!actorId) {
      // The first user of an org created itself, as the org's founding admin does at sign-up.
      for (const k of ['CreatedById', 'LastModifiedById']) user[k] = user.Id;
    }
    const password = options.password ?? `Pw-${randomBase62(12)}`;
    const securityToken = options.securityToken ?? newSecurityToken();
    const now = this.clock.now();
    org.secrets.set(user.Id, { password, securityToken, passwordChangedAt: now, expired: false });
    user.LastPasswordChangeDate = formatDateTime(truncateToSecond(now));
    for (const name of options.permissionSets ?? [])
      this.assignPermissionSet(org.id, user.Id, name);
    return { id: user.Id, orgId: org.id, username: options.username, password, securityToken };
  }

  /** Assigns a permission set (by Name or id) to a user. */
  assignPermissionSet(orgId: string, userId: string, permissionSet: string): string {
    const org = this.requireOrg(orgId);
    const ps = this.findPermissionSet(org, permissionSet);
    if (!ps) throw new Error(`no permission set ${permissionSet}`);
    const existing = [...(org.tables.get('PermissionSetAssignment')?.rows.values() ?? [])].find(
      (a) => a.AssigneeId === userId && a.PermissionSetId === ps.Id,
    );
    if (existing) return existing.Id;
    return insertRecord(
      this.data,
      org,
      'PermissionSetAssignment',
      { AssigneeId: userId, PermissionSetId: ps.Id },
      {
        actorId: this.firstAdminId(org) ?? userId,
      },
    ).Id;
  }

  findPermissionSet(org: Org, nameOrId: string): SObjectRecord | undefined {
    const rows = org.tables.get('PermissionSet')?.rows;
    const byId = normalizeId(nameOrId);
    if (byId && rows?.has(byId)) return rows.get(byId);
    for (const ps of rows?.values() ?? [])
      if (ps.Name === nameOrId || ps.Label === nameOrId) return ps;
    return undefined;
  }

  resolveProfileId(org: Org, profile: string): string {
    const rows = org.tables.get('Profile')?.rows;
    const byId = normalizeId(profile);
    if (byId && rows?.has(byId)) return byId;
    for (const p of rows?.values() ?? []) if (p.Name === profile) return p.Id;
    throw new Error(`no profile ${profile}; standard ones: ${STANDARD_PROFILES.join(', ')}`);
  }

  /** The first active System Administrator, who "does" setup changes made through the control API. */
  firstAdminId(org: Org): string | undefined {
    const adminProfile = [...(org.tables.get('Profile')?.rows.values() ?? [])].find(
      (p) => p.Name === 'System Administrator',
    );
    for (const u of org.tables.get('User')?.rows.values() ?? []) {
      if (u.ProfileId === adminProfile?.Id && u.IsActive === true) return u.Id;
    }
    return undefined;
  }

  /** Registers a connected app. Consumer key and secret are generated in Salesforce's shapes unless given. */
  createApp(options: CreateAppOptions): ConnectedApp {
    const app: ConnectedApp = {
      id: this.ids.next('0H4'),
      name: options.name,
      consumerKey: options.consumerKey ?? `3MVG9${randomBase62(80)}`,
      consumerSecret:
        options.consumerSecret ??
        createHash('sha256').update(randomBytes(32)).digest('hex').toUpperCase(),
      callbackUrls: options.callbackUrls ?? [],
      scopes: options.scopes ?? [
        'api',
        'refresh_token',
        'offline_access',
        'id',
        'openid',
        'profile',
        'email',
        'web',
        'full',
      ],
      certificatePem: options.certificatePem ?? null,
      adminApprovedOnly: options.adminApprovedOnly ?? false,
      requireSecretForRefresh: options.requireSecretForRefresh ?? true,
      requirePkce: options.requirePkce ?? false,
      refreshTokenPolicy: options.refreshTokenPolicy ?? { kind: 'until_revoked' },
      rotateRefreshTokens: options.rotateRefreshTokens ?? false,
      approvalEviction: options.approvalEviction ?? 'least_recently_used',
      maxApprovalsPerUser: options.maxApprovalsPerUser ?? 5,
      preAuthorizedUsers: {},
      clientCredentialsUser: {},
      relaxIpRestrictions: options.relaxIpRestrictions ?? false,
    };
    for (const s of app.scopes) {
      if (!ALL_SCOPES.includes(s)) throw new Error(`unknown scope ${s}`);
    }
    this.apps.set(app.id, app);
    return app;
  }

  /** API requests counted for the org in the rolling 24 hours before now. */
  apiRequestsUsed(org: Org): number {
    const hour = Math.floor(this.clock.now() / 3_600_000);
    let used = 0;
    for (const [h, n] of org.apiUsage) {
      if (h > hour - 24) used += n;
      else org.apiUsage.delete(h);
    }
    return used;
  }

  /** Counts one API request; false (and nothing counted) when the daily allowance is spent. */
  countApiRequest(org: Org): boolean {
    if (this.apiRequestsUsed(org) >= org.settings.dailyApiRequests) return false;
    const hour = Math.floor(this.clock.now() / 3_600_000);
    org.apiUsage.set(hour, (org.apiUsage.get(hour) ?? 0) + 1);
    return true;
  }
}
