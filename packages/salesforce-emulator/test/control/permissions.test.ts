import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assignPermissionSet,
  changeUserProfile,
  createPermissionSet,
  setObjectPermissions,
  setUserPermission,
  unassignPermissionSet,
  type PermissionSetSummary,
  type UserAccessSummary,
} from '../../src/index.ts';
import { computeAccess, objectAccess } from '../../src/security/access.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

const NONE = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false,
};

test('a permission set created over HTTP grants its user and object permissions once assigned', async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'PermSet' });
  const account = org.schema.get('Account')!;
  assert.equal(objectAccess(computeAccess(org, integration.id), account).read, false);
  const created = await control<PermissionSetSummary>(
    running,
    'POST',
    `/orgs/${org.id}/permission-sets`,
    {
      label: 'Sync Access',
      userPermissions: ['ViewSetup'],
      objectPermissions: { Account: { read: true, edit: true } },
    },
  );
  assert.equal(created.status, 201);
  assert.equal(created.body.name, 'Sync_Access');
  assert.deepEqual(created.body.userPermissions, ['ViewSetup']);
  assert.deepEqual(created.body.objectPermissions.Account, { ...NONE, read: true, edit: true });
  const assigned = await control<{ assignmentId: string }>(
    running,
    'POST',
    `/orgs/${org.id}/users/${integration.id}/permission-sets`,
    { permissionSet: 'Sync_Access' },
  );
  assert.equal(assigned.status, 201);
  assert.match(assigned.body.assignmentId, /^0Pa/);
  const access = computeAccess(org, integration.id);
  assert.ok(access.permissions.has('ViewSetup'));
  assert.deepEqual(objectAccess(access, account), { ...NONE, read: true, edit: true });
  // The rows stay queryable: the assignment is a PermissionSetAssignment row.
  const row = org.tables.get('PermissionSetAssignment')!.rows.get(assigned.body.assignmentId);
  assert.equal(row?.AssigneeId, integration.id);
});

test('unassigning a permission set takes its access away', async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'Unassign' });
  createPermissionSet(emulator, org.id, {
    name: 'Leads_Reader',
    objectPermissions: { Lead: { read: true } },
  });
  assignPermissionSet(emulator, org.id, integration.id, 'Leads_Reader');
  const lead = org.schema.get('Lead')!;
  assert.equal(objectAccess(computeAccess(org, integration.id), lead).read, true);
  const res = await control(
    running,
    'DELETE',
    `/orgs/${org.id}/users/${integration.username}/permission-sets/Leads_Reader`,
  );
  assert.equal(res.status, 200);
  assert.equal(objectAccess(computeAccess(org, integration.id), lead).read, false);
  assert.throws(
    () => unassignPermissionSet(emulator, org.id, integration.id, 'Leads_Reader'),
    /no assignment/,
  );
});

test("object permissions on a profile change every user of the profile, with Salesforce's dependencies", async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'ProfileObjects' });
  const campaign = org.schema.get('Campaign')!;
  assert.equal(objectAccess(computeAccess(org, standard.id), campaign).edit, false);
  const res = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/profiles/${encodeURIComponent('Standard User')}/object-permissions/Campaign`,
    { delete: true },
  );
  assert.equal(res.status, 200);
  // Delete needs Read and Edit, so granting it grants them.
  assert.deepEqual(res.body, { ...NONE, read: true, edit: true, delete: true });
  assert.deepEqual(objectAccess(computeAccess(org, standard.id), campaign), {
    ...NONE,
    read: true,
    edit: true,
    delete: true,
  });
  // Revoking Read revokes everything that needs it; no level left deletes the row.
  setObjectPermissions(emulator, org.id, { profile: 'Standard User' }, 'Campaign', { read: false });
  assert.deepEqual(objectAccess(computeAccess(org, standard.id), campaign), NONE);
});

test('object permissions on a permission set can be narrowed', async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'PsObjects' });
  createPermissionSet(emulator, org.id, {
    name: 'Full_Contacts',
    objectPermissions: { Contact: { modifyAll: true } },
  });
  assignPermissionSet(emulator, org.id, integration.id, 'Full_Contacts');
  const contact = org.schema.get('Contact')!;
  assert.equal(objectAccess(computeAccess(org, integration.id), contact).modifyAll, true);
  const res = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/permission-sets/Full_Contacts/object-permissions/Contact`,
    { edit: false },
  );
  assert.equal(res.status, 200);
  // Modify All needs Edit, so it goes too; Create was never part of it.
  assert.deepEqual(objectAccess(computeAccess(org, integration.id), contact), {
    ...NONE,
    read: true,
    viewAll: true,
  });
});

test('contradictory or unknown levels are refused', async () => {
  const { org } = seedBasicOrg(running, { name: 'BadLevels' });
  const contradiction = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/profiles/Standard%20User/object-permissions/Account`,
    { read: false, edit: true },
  );
  assert.equal(contradiction.status, 400);
  const unknown = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/profiles/Standard%20User/object-permissions/Account`,
    { fly: true },
  );
  assert.equal(unknown.status, 400);
  const setup = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/profiles/Standard%20User/object-permissions/User`,
    { read: true },
  );
  assert.equal(setup.status, 400);
  const noObject = await control(
    running,
    'PATCH',
    `/orgs/${org.id}/profiles/Standard%20User/object-permissions/Nope__c`,
    { read: true },
  );
  assert.equal(noObject.status, 404);
});

test('turning API Enabled off on a profile removes it from the users of the profile', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'ApiOff' });
  assert.ok(computeAccess(org, standard.id).permissions.has('ApiEnabled'));
  const res = await control(
    running,
    'PUT',
    `/orgs/${org.id}/profiles/Standard%20User/user-permissions/ApiEnabled`,
    { enabled: false },
  );
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { permission: 'ApiEnabled', enabled: false });
  assert.equal(computeAccess(org, standard.id).permissions.has('ApiEnabled'), false);
  const ps = [...org.tables.get('PermissionSet')!.rows.values()].find(
    (p) => p.IsOwnedByProfile === true && p.Label === 'Standard User',
  );
  assert.equal(ps?.PermissionsApiEnabled, false);
  setUserPermission(emulator, org.id, { profile: 'Standard User' }, 'PermissionsApiEnabled', true);
  assert.ok(computeAccess(org, standard.id).permissions.has('ApiEnabled'));
});

test('a user permission on a permission set and unknown permissions', async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'PsUserPerm' });
  createPermissionSet(emulator, org.id, { name: 'Setup_Viewer' });
  assignPermissionSet(emulator, org.id, integration.id, 'Setup_Viewer');
  const res = await control(
    running,
    'PUT',
    `/orgs/${org.id}/permission-sets/Setup_Viewer/user-permissions/ViewSetup`,
    { enabled: true },
  );
  assert.equal(res.status, 200);
  assert.ok(computeAccess(org, integration.id).permissions.has('ViewSetup'));
  const unknown = await control(
    running,
    'PUT',
    `/orgs/${org.id}/permission-sets/Setup_Viewer/user-permissions/FlyPlanes`,
    { enabled: true },
  );
  assert.equal(unknown.status, 400);
});

test("changing a user's profile changes the user's access", async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'ChangeProfile' });
  const account = org.schema.get('Account')!;
  const res = await control(running, 'PUT', `/orgs/${org.id}/users/${integration.id}/profile`, {
    profile: 'Standard User',
  });
  assert.equal(res.status, 200);
  assert.equal(computeAccess(org, integration.id).profileName, 'Standard User');
  assert.equal(objectAccess(computeAccess(org, integration.id), account).create, true);
  changeUserProfile(emulator, org.id, integration.id, 'System Administrator');
  assert.equal(objectAccess(computeAccess(org, integration.id), account).modifyAll, true);
});

test('GET …/access reports the effective access the API enforces', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'AccessReport' });
  const res = await control<UserAccessSummary>(
    running,
    'GET',
    `/orgs/${org.id}/users/${standard.id}/access`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.profileName, 'Standard User');
  assert.deepEqual(res.body.userPermissions, ['ApiEnabled']);
  assert.deepEqual(res.body.objects.Campaign, { ...NONE, read: true });
  assert.deepEqual(res.body.permissionSets, ['Standard User']);
});

test('a profile-owned permission set cannot be assigned', async () => {
  const { org, integration } = seedBasicOrg(running, { name: 'OwnedSet' });
  const res = await control(
    running,
    'POST',
    `/orgs/${org.id}/users/${integration.id}/permission-sets`,
    {
      permissionSet: 'Standard User',
    },
  );
  assert.equal(res.status, 400);
});
