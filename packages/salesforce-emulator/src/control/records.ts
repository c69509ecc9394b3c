import {
  deleteRecord,
  insertRecord,
  objectForId,
  undeleteRecord,
  updateRecord,
} from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../model/org.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { requireControlOrg, requireControlUser } from './lookup.ts';

/**
 * The outcome of one write, shaped like Salesforce's SaveResult (as in sObject Collections):
 * failures carry `statusCode`, `message` and `fields`.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
 */
export interface SaveResult {
  id: string | null;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

function run(id: string | null, write: () => SObjectRecord): SaveResult {
  try {
    return { id: write().Id, success: true, errors: [] };
  } catch (error) {
    if (!(error instanceof SalesforceError)) throw error;
    return {
      id,
      success: false,
      errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] }],
    };
  }
}

function actor(emulator: Emulator, orgId: string, asUser: string): { org: Org; actorId: string } {
  const org = requireControlOrg(emulator, orgId);
  return { org, actorId: requireControlUser(emulator, org, asUser).Id };
}

function objectNameOf(org: Org, id: string): string {
  const full = normalizeId(id);
  const def = full ? objectForId(org, full) : undefined;
  if (!def) throw new SalesforceError(400, 'MALFORMED_ID', `malformed id ${id}`, []);
  return def.name;
}

/**
 * Creates a record as the given user (id or username): the user becomes CreatedById,
 * LastModifiedById and the default owner, with every validation of the API. Object permissions
 * are not checked: this is the control API acting for the user, not the user's own session.
 */
export function createRecordAs(
  emulator: Emulator,
  orgId: string,
  objectName: string,
  values: Record<string, unknown>,
  asUser: string,
): SaveResult {
  const { org, actorId } = actor(emulator, orgId, asUser);
  return run(null, () => insertRecord(emulator.data, org, objectName, values, { actorId }));
}

/** Updates a record as the given user (LastModifiedById, SystemModstamp move). */
export function updateRecordAs(
  emulator: Emulator,
  orgId: string,
  id: string,
  values: Record<string, unknown>,
  asUser: string,
): SaveResult {
  const { org, actorId } = actor(emulator, orgId, asUser);
  return run(id, () =>
    updateRecord(emulator.data, org, objectNameOf(org, id), id, values, { actorId }),
  );
}

/** Deletes a record as the given user: it moves to the recycle bin for 15 days. */
export function deleteRecordAs(
  emulator: Emulator,
  orgId: string,
  id: string,
  asUser: string,
): SaveResult {
  const { org, actorId } = actor(emulator, orgId, asUser);
  return run(id, () => deleteRecord(emulator.data, org, id, { actorId }));
}

/** Restores a record from the recycle bin as the given user. */
export function undeleteRecordAs(
  emulator: Emulator,
  orgId: string,
  id: string,
  asUser: string,
): SaveResult {
  const { org, actorId } = actor(emulator, orgId, asUser);
  return run(id, () => undeleteRecord(emulator.data, org, id, { actorId }));
}
