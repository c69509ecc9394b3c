import {
  createOrg,
  createSession,
  createUser,
  type RunningEmulator,
} from '@orgbridge/salesforce-emulator';
import { AppError, ErrorCode } from '../../src/errors.ts';
import type { PermissionItem, PermissionReport } from '../../src/permissions/index.ts';
import type { SalesforceReader } from '../../src/permissions/index.ts';

/**
 * A reader over plain fetch, as a connection would supply one: a refusal becomes an AppError
 * carrying the status and Salesforce's error code. `paths` records every request.
 */
export function fetchReader(
  instanceUrl: string,
  accessToken: string,
): SalesforceReader & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async get<T>(path: string): Promise<T> {
      paths.push(path);
      const response = await fetch(instanceUrl + path, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body: unknown = await response.json();
      if (!response.ok) {
        const first: unknown = Array.isArray(body) ? body[0] : undefined;
        const code =
          typeof first === 'object' && first !== null && 'errorCode' in first
            ? String(first.errorCode)
            : null;
        throw new AppError(ErrorCode.SALESFORCE_ERROR, `Salesforce answered ${response.status}`, {
          details: { status: response.status, salesforceError: code },
        });
      }
      return body as T;
    },
  };
}

let counter = 0;

/** A fresh org, so that changing a standard profile in one test leaves the others alone. */
export function newOrg(running: RunningEmulator) {
  const { emulator } = running;
  const org = createOrg(emulator, { name: `Perm ${++counter}` });
  const instanceUrl = emulator.instanceUrl(emulator.requireOrg(org.id));
  return {
    orgId: org.id,
    /** A user of the profile with an API session, and a reader acting as them. */
    user(profile: 'System Administrator' | 'Standard User', permissionSets: string[] = []) {
      const user = createUser(emulator, org.id, {
        username: `perm${++counter}.${profile === 'Standard User' ? 'std' : 'admin'}@${org.myDomain}.example`,
        profile,
        permissionSets,
      });
      const token = createSession(emulator, org.id, user.id, ['api']);
      return { id: user.id, username: user.username, reader: fetchReader(instanceUrl, token) };
    },
  };
}

/** The report's item with this id; fails the test when there is none. */
export function item(report: PermissionReport, id: string): PermissionItem {
  const found = report.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${report.items.map((i) => i.id).join(', ')}`);
  return found;
}

/** `id → status` for compact assertions. */
export function statuses(report: PermissionReport): Record<string, string> {
  return Object.fromEntries(report.items.map((i) => [i.id, i.status]));
}
