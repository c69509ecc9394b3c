import { insertRecord } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../model/org.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg, setupActorId } from './lookup.ts';

/** A Visualforce page to create, as a package install or a developer would. */
export interface CreateApexPageOptions {
  /** API name (`PartnerSetup`): letters, digits and single underscores, starting with a letter. */
  name: string;
  /** Label shown in Setup (MasterLabel); the name when absent. */
  label?: string;
  /** Namespace of the managed package the page comes with (`cb`); none for the org's own pages. */
  namespacePrefix?: string;
  /** The page's API version, from 15.0 to the emulator's latest (the default). */
  apiVersion?: number;
}

/** A Visualforce page as the control API lists it. */
export interface ApexPageSummary {
  id: string;
  name: string;
  namespacePrefix: string | null;
  /** `ns__Name` for a packaged page, else the name: how Setup lists it. */
  fullName: string;
  label: string;
  apiVersion: number;
  /** Labels of the permission sets that enable it; a profile's own set has the profile's name. */
  enabledIn: string[];
}

// Salesforce's rule for page and namespace names: no double, leading or trailing underscores.
const PAGE_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;

/** Page names and namespaces compare case-insensitively; null and no namespace are the same. */
const same = (a: unknown, b: string | null) =>
  (typeof a === 'string' ? a : '').toLowerCase() === (b ?? '').toLowerCase();

/** `ns__Name` → namespace and name; a name cannot contain `__` itself. */
function splitFullName(fullName: string): { namespace: string | null; name: string } {
  const at = fullName.indexOf('__');
  return at < 0
    ? { namespace: null, name: fullName }
    : { namespace: fullName.slice(0, at), name: fullName.slice(at + 2) };
}

/** A page by id, `Name` (the org's own) or `ns__Name` (a packaged one), or 404. */
export function requireApexPage(org: Org, page: string): SObjectRecord {
  const rows = org.tables.get('ApexPage')?.rows;
  const id = normalizeId(page);
  const byId = id === undefined ? undefined : rows?.get(id);
  if (byId) return byId;
  const { namespace, name } = splitFullName(page);
  for (const row of rows?.values() ?? []) {
    if (same(row.Name, name) && same(row.NamespacePrefix, namespace)) return row;
  }
  throw notFoundError('Visualforce page', page);
}

function checkName(value: string, what: string, maxLength: number): void {
  if (!PAGE_NAME.test(value) || value.length > maxLength)
    throw invalidRequest(
      `${what} ${JSON.stringify(value.slice(0, 100))} must start with a letter, use only letters, ` +
        `digits and single underscores, not end with an underscore, and have at most ${maxLength} characters`,
    );
}

function checkApiVersion(version: number, latest: number): void {
  if (!Number.isFinite(version) || version < 15 || version > latest)
    throw invalidRequest(`apiVersion must be a number from 15.0 to ${latest.toFixed(1)}`);
}

/**
 * Creates a Visualforce page (an ApexPage row), as deploying one or installing its package does.
 * No permission set enables it yet: grant access with `grantApexPageAccess`. Fails with 400 for a
 * malformed name or version, or a name the org (or that namespace) already has.
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_apexpage.htm
 */
export function createApexPage(
  emulator: Emulator,
  orgId: string,
  options: CreateApexPageOptions,
): ApexPageSummary {
  const org = requireControlOrg(emulator, orgId);
  const { name } = options;
  const namespace = options.namespacePrefix ?? null;
  checkName(name, 'name', 80);
  if (namespace !== null) checkName(namespace, 'namespacePrefix', 15);
  const label = options.label ?? name;
  if (label.trim() === '' || label.length > 80)
    throw invalidRequest('label must have 1 to 80 characters');
  const latest = Number(emulator.latestApiVersion);
  const apiVersion = options.apiVersion ?? latest;
  checkApiVersion(apiVersion, latest);
  const taken = [...(org.tables.get('ApexPage')?.rows.values() ?? [])].find(
    (row) => same(row.Name, name) && same(row.NamespacePrefix, namespace),
  );
  if (taken)
    throw invalidRequest(
      `Visualforce page ${summarizeApexPage(org, taken).fullName} already exists`,
    );
  const row = insertRecord(
    emulator.data,
    org,
    'ApexPage',
    {
      Name: name,
      MasterLabel: label,
      ApiVersion: apiVersion,
      Markup: '<apex:page>\n</apex:page>',
    },
    { actorId: setupActorId(emulator, org) },
  );
  // Not createable through the API: the namespace is the installed package's.
  row.NamespacePrefix = namespace;
  return summarizeApexPage(org, row);
}

/** Every Visualforce page of the org, with the permission sets that enable each. */
export function listApexPages(emulator: Emulator, orgId: string): ApexPageSummary[] {
  const org = requireControlOrg(emulator, orgId);
  return [...(org.tables.get('ApexPage')?.rows.values() ?? [])].map((row) =>
    summarizeApexPage(org, row),
  );
}

function summarizeApexPage(org: Org, row: SObjectRecord): ApexPageSummary {
  const namespace = typeof row.NamespacePrefix === 'string' ? row.NamespacePrefix : null;
  const name = String(row.Name);
  const sets = org.tables.get('PermissionSet')?.rows;
  const enabledIn: string[] = [];
  for (const access of org.tables.get('SetupEntityAccess')?.rows.values() ?? []) {
    if (access.SetupEntityId !== row.Id) continue;
    const label = sets?.get(String(access.ParentId))?.Label;
    enabledIn.push(typeof label === 'string' ? label : String(access.ParentId));
  }
  return {
    id: row.Id,
    name,
    namespacePrefix: namespace,
    fullName: namespace === null ? name : `${namespace}__${name}`,
    label: String(row.MasterLabel),
    apiVersion: Number(row.ApiVersion),
    enabledIn,
  };
}
