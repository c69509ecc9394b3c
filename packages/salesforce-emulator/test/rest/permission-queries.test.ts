/**
 * Permissions are queryable the way Salesforce exposes them: every user has a
 * PermissionSetAssignment to their profile's own permission set, so OR-ing the `Permissions*`
 * flags and ObjectPermissions rows over a user's assignments gives exactly what the emulator
 * enforces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignPermissionSet, changeUserProfile, createPermissionSet } from '../../src/index.ts';
import { computeAccess, objectAccess } from '../../src/security/access.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { createTestSession } from '../helpers/sessions.ts';

const running = await useEmulator();
const { emulator } = running;

async function query(instanceUrl: string, token: string, soql: string) {
  const response = await fetch(
    `${instanceUrl}/services/data/v60.0/query?q=${encodeURIComponent(soql)}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  return {
    status: response.status,
    body: (await response.json()) as { records: Array<Record<string, unknown>> } & Array<{
      errorCode: string;
    }>,
  };
}

test('every user is assigned their profile-owned permission set', async () => {
  const { org, admin, standard, instanceUrl } = seedBasicOrg(running);
  const token = createTestSession(emulator, org, admin.id);
  const { status, body } = await query(
    instanceUrl,
    token,
    `SELECT PermissionSet.IsOwnedByProfile, PermissionSet.Profile.Name FROM PermissionSetAssignment WHERE AssigneeId = '${standard.id}'`,
  );
  assert.equal(status, 200);
  assert.deepEqual(
    body.records.map((r) => (r.PermissionSet as { Profile: { Name: string } }).Profile.Name),
    ['Standard User'],
  );
});

test('OR over the assigned sets from SOQL equals what the emulator enforces', async () => {
  const { org, admin, standard, instanceUrl } = seedBasicOrg(running);
  createPermissionSet(emulator, org.id, {
    name: 'Setup_Viewer',
    userPermissions: ['ViewSetup'],
    objectPermissions: { Campaign: { read: true, create: true, edit: true } },
  });
  assignPermissionSet(emulator, org.id, standard.id, 'Setup_Viewer');
  const token = createTestSession(emulator, org, admin.id);
  const assignments = await query(
    instanceUrl,
    token,
    `SELECT PermissionSetId, PermissionSet.PermissionsApiEnabled, PermissionSet.PermissionsViewSetup, PermissionSet.PermissionsManageUsers FROM PermissionSetAssignment WHERE AssigneeId = '${standard.id}'`,
  );
  const sets = assignments.body.records;
  assert.equal(sets.length, 2);
  const any = (flag: string) =>
    sets.some((r) => (r.PermissionSet as Record<string, unknown>)[flag] === true);
  const enforced = computeAccess(org, standard.id);
  assert.equal(any('PermissionsApiEnabled'), enforced.permissions.has('ApiEnabled'));
  assert.equal(any('PermissionsViewSetup'), true);
  assert.equal(enforced.permissions.has('ViewSetup'), true);
  assert.equal(any('PermissionsManageUsers'), enforced.permissions.has('ManageUsers'));

  const ids = sets.map((r) => `'${String(r.PermissionSetId)}'`).join(',');
  const objects = await query(
    instanceUrl,
    token,
    `SELECT SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete FROM ObjectPermissions WHERE ParentId IN (${ids}) AND SobjectType = 'Campaign'`,
  );
  const campaign = objects.body.records;
  const fromRows = {
    read: campaign.some((r) => r.PermissionsRead === true),
    create: campaign.some((r) => r.PermissionsCreate === true),
    edit: campaign.some((r) => r.PermissionsEdit === true),
    delete: campaign.some((r) => r.PermissionsDelete === true),
  };
  const campaignAccess = objectAccess(enforced, org.schema.get('Campaign')!);
  assert.deepEqual(fromRows, {
    read: campaignAccess.read,
    create: campaignAccess.create,
    edit: campaignAccess.edit,
    delete: campaignAccess.delete,
  });
  assert.deepEqual(fromRows, { read: true, create: true, edit: true, delete: false });
});

test('changing a user profile moves their profile assignment', async () => {
  const { org, admin, standard, instanceUrl } = seedBasicOrg(running);
  changeUserProfile(emulator, org.id, standard.id, 'System Administrator');
  const token = createTestSession(emulator, org, admin.id);
  const { body } = await query(
    instanceUrl,
    token,
    `SELECT PermissionSet.Profile.Name FROM PermissionSetAssignment WHERE AssigneeId = '${standard.id}' AND PermissionSet.IsOwnedByProfile = true`,
  );
  assert.deepEqual(
    body.records.map((r) => (r.PermissionSet as { Profile: { Name: string } }).Profile.Name),
    ['System Administrator'],
  );
  assert.ok(computeAccess(org, standard.id).permissions.has('ModifyAllData'));
});

test('ObjectPermissions needs View Setup and Configuration; assignments do not', async () => {
  const { org, standard, instanceUrl } = seedBasicOrg(running);
  const token = createTestSession(emulator, org, standard.id);
  const denied = await query(instanceUrl, token, 'SELECT Id FROM ObjectPermissions');
  assert.equal(denied.status, 400);
  assert.equal(denied.body[0]!.errorCode, 'INVALID_TYPE');
  const own = await query(
    instanceUrl,
    token,
    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${standard.id}'`,
  );
  assert.equal(own.status, 200);
  assert.equal(own.body.records.length, 1);
});
