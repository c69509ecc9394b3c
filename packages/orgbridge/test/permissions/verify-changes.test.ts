import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assignPermissionSet,
  changeUserProfile,
  createPermissionSet,
  setObjectPermissions,
  setUserPermission,
  unassignPermissionSet,
} from '@orgbridge/salesforce-emulator';
import {
  parseRequirementProfile,
  presetProfile,
  verifyPermissions,
} from '../../src/permissions/index.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { item, newOrg } from './support.ts';

const running = await useSalesforce();
const { emulator } = running;

const campaignEdit = parseRequirementProfile({
  name: 'campaign writer',
  objects: [{ object: 'Campaign', access: { edit: 'required', viewAll: 'optional' } }],
});

test('an object level removed from a permission set goes missing, and comes back when re-granted', async () => {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, {
    name: 'Integration',
    userPermissions: ['ViewSetup'],
    objectPermissions: { Campaign: { edit: true } },
  });
  const user = org.user('Standard User', ['Integration']);
  const check = () => verifyPermissions(user.reader, campaignEdit, { userId: user.id });

  const granted = item(await check(), 'object:Campaign:edit');
  assert.equal(granted.status, 'granted');
  assert.equal(granted.source, 'objectPermissions');
  assert.match(granted.reason, /granted by the permission set Integration/);

  setObjectPermissions(emulator, org.orgId, { permissionSet: 'Integration' }, 'Campaign', {
    edit: false,
  });
  const report = await check();
  const missing = item(report, 'object:Campaign:edit');
  assert.equal(missing.status, 'missing');
  assert.equal(missing.source, 'objectPermissions');
  assert.match(missing.reason, /the user has Read/);
  assert.match(
    missing.fix ?? '',
    /open Integration \(assigned to .*\), then go to Object Settings → Campaign → Edit, tick Edit/,
  );
  assert.equal(report.ok, false);

  setObjectPermissions(emulator, org.orgId, { permissionSet: 'Integration' }, 'Campaign', {
    edit: true,
  });
  const back = await check();
  assert.equal(item(back, 'object:Campaign:edit').status, 'granted');
  assert.equal(back.ok, true);
});

test('a user permission turned off on the profile goes missing, and comes back when turned on', async () => {
  const org = newOrg(running);
  const admin = org.user('System Administrator');
  const check = async () =>
    item(
      await verifyPermissions(admin.reader, presetProfile('abm'), { userId: admin.id }),
      'userPermission:ViewRoles',
    ).status;
  assert.equal(await check(), 'granted');
  setUserPermission(emulator, org.orgId, { profile: 'System Administrator' }, 'ViewRoles', false);
  assert.equal(await check(), 'missing');
  setUserPermission(emulator, org.orgId, { profile: 'System Administrator' }, 'ViewRoles', true);
  assert.equal(await check(), 'granted');
});

test('a required permission set unassigned goes missing, and is granted again once reassigned', async () => {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, { name: 'Sales_Ops', label: 'Sales Ops' });
  const user = org.user('Standard User', ['Sales_Ops']);
  const profile = parseRequirementProfile({
    name: 'needs sales ops',
    permissionSets: [{ name: 'Sales_Ops', need: 'required' }],
  });
  const check = () => verifyPermissions(user.reader, profile, { userId: user.id });

  const present = item(await check(), 'permissionSet:Sales_Ops');
  assert.equal(present.status, 'granted');
  assert.match(present.reason, /Sales Ops \(Sales_Ops\) is assigned/);

  unassignPermissionSet(emulator, org.orgId, user.id, 'Sales_Ops');
  const report = await check();
  assert.equal(item(report, 'permissionSet:Sales_Ops').status, 'missing');
  assert.equal(report.ok, false);

  assignPermissionSet(emulator, org.orgId, user.id, 'Sales_Ops');
  assert.equal((await check()).ok, true);
});

test('without View Setup, object levels come from describe and View All is unverifiable', async () => {
  const org = newOrg(running);
  const user = org.user('Standard User');
  const report = await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id });
  const read = item(report, 'object:Account:read');
  assert.equal(read.source, 'describe');
  assert.equal(read.status, 'granted');
  const viewAll = item(report, 'object:Account:viewAll');
  assert.equal(viewAll.status, 'unverifiable');
  assert.equal(viewAll.source, 'describe');
  assert.match(viewAll.reason, /ObjectPermissions could not be read/);
  assert.match(viewAll.reason, /View Setup and Configuration/);
  assert.match(
    viewAll.fix ?? '',
    /Check by hand that View All is ticked under Object Settings → Account/,
  );
  assert.equal(report.summary.unverifiable, 6);

  // Once the user may see object settings, View All is decided: the Standard User lacks it.
  createPermissionSet(emulator, org.orgId, {
    name: 'Setup_Viewer',
    userPermissions: ['ViewSetup'],
  });
  assignPermissionSet(emulator, org.orgId, user.id, 'Setup_Viewer');
  const seen = item(
    await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id }),
    'object:Account:viewAll',
  );
  assert.equal(seen.status, 'missing');
  assert.equal(seen.source, 'objectPermissions');
});

test('Modify All Data grants View All even where object settings are not visible', async () => {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, {
    name: 'Data_Steward',
    label: 'Data Steward',
    userPermissions: ['ModifyAllData'],
  });
  const user = org.user('Standard User', ['Data_Steward']);
  const viewAll = item(
    await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id }),
    'object:Opportunity:viewAll',
  );
  assert.equal(viewAll.status, 'granted');
  assert.equal(viewAll.source, 'userPermissions');
  assert.match(viewAll.reason, /Modify All Data \(from the permission set Data Steward\)/);
});

test('an object the user may no longer read is missing through describe', async () => {
  const org = newOrg(running);
  const user = org.user('Standard User');
  setObjectPermissions(emulator, org.orgId, { profile: 'Standard User' }, 'Contact', {
    read: false,
  });
  const contact = item(
    await verifyPermissions(
      user.reader,
      presetProfile('read-only-sync', { objects: ['Account', 'Contact'] }),
      { userId: user.id },
    ),
    'object:Contact:read',
  );
  assert.equal(contact.status, 'missing');
  assert.equal(contact.source, 'describe');
  assert.match(contact.reason, /does not show Contact to this user/);
  assert.match(contact.fix ?? '', /Object Settings → Contact → Edit, tick Read and Save/);
});

test('moving the user to System Administrator turns the abm report ok', async () => {
  const org = newOrg(running);
  const user = org.user('Standard User');
  assert.equal(
    (await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id })).ok,
    false,
  );
  changeUserProfile(emulator, org.orgId, user.id, 'System Administrator');
  const report = await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id });
  assert.equal(report.ok, true);
  assert.equal(report.summary.unverifiable, 0);
});
