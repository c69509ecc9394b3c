import { deleteRecord, insertRecord, requireObject, tableFor } from '../data/record-operations.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Emulator } from '../emulator.ts';
import type { Org } from '../model/org.ts';
import { requireApexPage } from './apex-pages.ts';
import { notFoundError } from './control-error.ts';
import { requireControlOrg, setupActorId } from './lookup.ts';
import { requirePermissionSetRow, type PermissionTarget } from './permission-target.ts';

/** The SetupEntityAccess row that enables a page for a permission set. */
export interface ApexPageAccess {
  setupEntityAccessId: string;
  pageId: string;
  permissionSetId: string;
}

function findAccess(org: Org, ps: SObjectRecord, page: SObjectRecord): SObjectRecord | undefined {
  return [...(org.tables.get('SetupEntityAccess')?.rows.values() ?? [])].find(
    (row) => row.ParentId === ps.Id && row.SetupEntityId === page.Id,
  );
}

/**
 * Enables a Visualforce page (id, `Name` or `ns__Name`) for a profile or permission set, as
 * Setup's "Enabled Visualforce Page Access" does: writes the SetupEntityAccess row, of type
 * ApexPage, on the permission set (for a profile, the set it owns). Enabling it twice is a no-op.
 * Fails with 404 for an unknown org, page, profile or permission set.
 * @see https://help.salesforce.com/s/articleView?id=platform.pages_page_level_security.htm
 */
export function grantApexPageAccess(
  emulator: Emulator,
  orgId: string,
  target: PermissionTarget,
  page: string,
): ApexPageAccess {
  const org = requireControlOrg(emulator, orgId);
  const ps = requirePermissionSetRow(emulator, org, target);
  const apexPage = requireApexPage(org, page);
  const row =
    findAccess(org, ps, apexPage) ??
    insertRecord(
      emulator.data,
      org,
      'SetupEntityAccess',
      { ParentId: ps.Id, SetupEntityId: apexPage.Id },
      { actorId: setupActorId(emulator, org) },
    );
  // Salesforce derives the type from the entity; clients cannot write it.
  row.SetupEntityType = 'ApexPage';
  return { setupEntityAccessId: row.Id, pageId: apexPage.Id, permissionSetId: ps.Id };
}

/**
 * Disables a Visualforce page for a profile or permission set by deleting its SetupEntityAccess
 * row. Fails with 404 when the page is not enabled there, or for an unknown org, page, profile or
 * permission set.
 */
export function revokeApexPageAccess(
  emulator: Emulator,
  orgId: string,
  target: PermissionTarget,
  page: string,
): ApexPageAccess {
  const org = requireControlOrg(emulator, orgId);
  const ps = requirePermissionSetRow(emulator, org, target);
  const apexPage = requireApexPage(org, page);
  const row = findAccess(org, ps, apexPage);
  if (!row) throw notFoundError('access to Visualforce page', `${page} in ${String(ps.Label)}`);
  deleteRecord(emulator.data, org, row.Id, { actorId: setupActorId(emulator, org) });
  // SetupEntityAccess has no IsDeleted and no undelete(): a revoked row is gone, even for queryAll.
  tableFor(org, requireObject(org, 'SetupEntityAccess')).recycleBin.delete(row.Id);
  return { setupEntityAccessId: row.Id, pageId: apexPage.Id, permissionSetId: ps.Id };
}
