import { formatDateTime } from '../clock.ts';
import type { CreateOrgOptions, Emulator } from '../emulator.ts';
import type { Org, OrgSettings } from '../model/org.ts';
import { schemaModifiedAt } from '../rest/schema-modified.ts';
import { invalidRequest } from './control-error.ts';
import { requireControlOrg } from './lookup.ts';
import { parseOrgSettings } from './org-settings.ts';

/** What the control API tells about an org. */
export interface OrgSummary {
  id: string;
  name: string;
  myDomain: string;
  hostname: string;
  /** The My Domain URL, which is also the instance URL. */
  instanceUrl: string;
  /** The login host of the org's kind (production or sandbox). */
  loginUrl: string;
  isSandbox: boolean;
  edition: string;
  instanceName: string;
  settings: OrgSettings;
  users: { total: number; active: number };
  /** Object → live rows and rows in the recycle bin, for every object that has any. */
  records: Record<string, { live: number; deleted: number }>;
  customObjects: string[];
  apiUsage: { used: number; max: number };
  /** Salesforce-formatted time of the last schema change. */
  schemaModifiedAt: string;
}

const MY_DOMAIN = /^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/;

/** The summary of one org: identity, URLs, settings, row counts and API usage. */
export function describeOrg(emulator: Emulator, orgId: string): OrgSummary {
  return summarize(emulator, requireControlOrg(emulator, orgId));
}

/** Every org, in creation order. */
export function listOrgs(emulator: Emulator): OrgSummary[] {
  return [...emulator.orgs.values()].map((org) => summarize(emulator, org));
}

/**
 * Creates an org with the standard schema and profiles (and no users). An explicit My Domain
 * that is taken fails; a derived one gets a number appended, as Salesforce suggests one.
 */
export function createOrg(emulator: Emulator, options: CreateOrgOptions = {}): OrgSummary {
  const sandbox = options.sandbox ?? false;
  for (const [key, value] of [
    ['myDomain', options.myDomain],
    ['sandboxName', options.sandboxName],
  ] as const) {
    if (value !== undefined && !MY_DOMAIN.test(value))
      throw invalidRequest(`${key} must be lower-case letters, digits and hyphens`);
  }
  if (options.sandboxName !== undefined && !sandbox)
    throw invalidRequest('sandboxName needs "sandbox": true');
  const explicit = sandbox
    ? (options.sandboxName ??
      (options.myDomain !== undefined ? `${options.myDomain}--sandbox` : undefined))
    : options.myDomain;
  if (explicit !== undefined) {
    const hostname = sandbox
      ? `${explicit}.sandbox.my.salesforce.com`
      : `${explicit}.my.salesforce.com`;
    if (emulator.orgsByHostname.has(hostname))
      throw invalidRequest(`My Domain ${hostname} is taken`);
  }
  const settings = options.settings === undefined ? undefined : parseOrgSettings(options.settings);
  const org = emulator.createOrg({ ...options, settings });
  return summarize(emulator, org);
}

function summarize(emulator: Emulator, org: Org): OrgSummary {
  const users = [...(org.tables.get('User')?.rows.values() ?? [])];
  const records: OrgSummary['records'] = {};
  for (const [name, table] of org.tables) {
    if (table.rows.size > 0 || table.recycleBin.size > 0)
      records[name] = { live: table.rows.size, deleted: table.recycleBin.size };
  }
  return {
    id: org.id,
    name: org.name,
    myDomain: org.myDomain,
    hostname: org.hostname,
    instanceUrl: emulator.instanceUrl(org),
    loginUrl: org.isSandbox ? emulator.sandboxLoginUrl : emulator.loginUrl,
    isSandbox: org.isSandbox,
    edition: org.edition,
    instanceName: org.instanceName,
    settings: { ...org.settings, trustedIpRanges: [...org.settings.trustedIpRanges] },
    users: { total: users.length, active: users.filter((u) => u.IsActive === true).length },
    records,
    customObjects: [...org.schema.values()].filter((d) => d.custom).map((d) => d.name),
    apiUsage: { used: emulator.apiRequestsUsed(org), max: org.settings.dailyApiRequests },
    schemaModifiedAt: formatDateTime(schemaModifiedAt(org)),
  };
}
