import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assignPermissionSet,
  createApexPage,
  createPermissionSet,
  grantApexPageAccess,
} from '@orgbridge/salesforce-emulator';
import { presetProfile, verifyPermissions } from '../../src/permissions/index.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { item, newOrg, statuses } from './support.ts';

const running = await useSalesforce();

test('abm: a System Administrator holds every item, decided from object permissions', async () => {
  const admin = newOrg(running).user('System Administrator');
  const report = await verifyPermissions(admin.reader, presetProfile('abm'), { userId: admin.id });
  assert.equal(report.ok, true);
  assert.deepEqual(report.summary, {
    granted: 30,
    missing: 0,
    unverifiable: 0,
    requiredMissing: 0,
    requiredUnverifiable: 0,
  });
  assert.equal(report.profile, 'abm');
  assert.equal(report.user.profileName, 'System Administrator');
  const viewAll = item(report, 'object:Campaign:viewAll');
  assert.equal(viewAll.source, 'objectPermissions');
  assert.match(viewAll.reason, /granted by the profile System Administrator/);
  assert.equal(viewAll.fix, null);
  assert.equal(item(report, 'object:User:edit').source, 'describe');
});

test('abm: a Standard User lacks setup permissions and Campaign writes, each with a fix', async () => {
  const user = newOrg(running).user('Standard User');
  const report = await verifyPermissions(user.reader, presetProfile('abm'), { userId: user.id });
  assert.equal(report.ok, false);
  const missing = report.items.filter((i) => i.status === 'missing').map((i) => i.id);
  assert.deepEqual(missing, [
    'object:Campaign:create',
    'object:Campaign:edit',
    'object:User:edit',
    'userPermission:ViewSetup',
    'userPermission:ViewRoles',
    'userPermission:AssignPermissionSets',
  ]);
  assert.equal(report.summary.requiredMissing, 6);
  const viewSetup = item(report, 'userPermission:ViewSetup');
  assert.match(
    viewSetup.fix ?? '',
    /System Permissions → Edit, tick "View Setup and Configuration"/,
  );
  assert.match(viewSetup.fix ?? '', new RegExp(`assign it to ${user.username}`));
  const campaign = item(report, 'object:Campaign:edit');
  assert.match(
    campaign.fix ?? '',
    /Object Settings → Campaign → Edit, tick Edit \(Salesforce ticks Read with it\)/,
  );
  assert.match(item(report, 'object:User:edit').fix ?? '', /tick "Manage Users"/);
  assert.equal(item(report, 'object:Account:edit').status, 'granted');
});

test('partner-overlap: the named permission set decides, and a page the org lacks is missing', async () => {
  const org = newOrg(running);
  createPermissionSet(running.emulator, org.orgId, {
    name: 'Partner_Access',
    label: 'Partner Access',
  });
  const admin = org.user('System Administrator');
  const profile = presetProfile('partner-overlap', {
    permissionSet: 'Partner_Access',
    visualforcePages: ['PartnerSetup'],
  });
  const before = await verifyPermissions(admin.reader, profile, { userId: admin.id });
  assert.deepEqual(statuses(before), {
    'object:Account:read': 'granted',
    'object:Lead:read': 'granted',
    'userPermission:ApiEnabled': 'granted',
    'permissionSet:Partner_Access': 'missing',
    'visualforcePage:PartnerSetup': 'missing',
  });
  assert.equal(before.ok, false);
  // The set exists, so the fix is to assign it, not to install it.
  assert.match(
    item(before, 'permissionSet:Partner_Access').fix ?? '',
    /^In Setup → Permission Sets → Partner Access, click Manage Assignments → Add Assignment/,
  );
  const page = item(before, 'visualforcePage:PartnerSetup');
  assert.equal(page.reason, 'the org has no Visualforce page named PartnerSetup');
  assert.match(page.fix ?? '', /^Install the package that provides PartnerSetup/);

  assignPermissionSet(running.emulator, org.orgId, admin.id, 'Partner_Access');
  createApexPage(running.emulator, org.orgId, { name: 'PartnerSetup' });
  grantApexPageAccess(
    running.emulator,
    org.orgId,
    { permissionSet: 'Partner_Access' },
    'PartnerSetup',
  );
  const after = await verifyPermissions(admin.reader, profile, { userId: admin.id });
  assert.equal(item(after, 'permissionSet:Partner_Access').status, 'granted');
  assert.equal(item(after, 'visualforcePage:PartnerSetup').status, 'granted');
  assert.equal(after.ok, true);
  assert.equal(after.summary.requiredUnverifiable, 0);
});

test('partner-overlap: a Standard User reads Account and Lead through describe', async () => {
  const user = newOrg(running).user('Standard User');
  const profile = presetProfile('partner-overlap', {
    permissionSet: 'Partner_Access',
    visualforcePages: [],
  });
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  assert.equal(item(report, 'object:Account:read').source, 'describe');
  assert.equal(item(report, 'object:Lead:read').status, 'granted');
  const set = item(report, 'permissionSet:Partner_Access');
  assert.equal(set.status, 'missing');
  assert.match(
    set.fix ?? '',
    /The org has no permission set named Partner_Access: install the package/,
  );
});

test('user-admin: a System Administrator can manage users', async () => {
  const admin = newOrg(running).user('System Administrator');
  const report = await verifyPermissions(admin.reader, presetProfile('user-admin'), {
    userId: admin.id,
  });
  assert.equal(report.ok, true);
  assert.equal(report.summary.missing, 0);
  assert.equal(item(report, 'profile:System Administrator').status, 'granted');
});

test('user-admin: a Standard User cannot, and the profile name is only optional', async () => {
  const user = newOrg(running).user('Standard User');
  const report = await verifyPermissions(user.reader, presetProfile('user-admin'), {
    userId: user.id,
  });
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.items.filter((i) => i.status === 'missing' && i.need === 'required').map((i) => i.id),
    [
      'object:User:create',
      'object:User:edit',
      'userPermission:ViewSetup',
      'userPermission:ManageUsers',
      'userPermission:AssignPermissionSets',
    ],
  );
  const profile = item(report, 'profile:System Administrator');
  assert.equal(profile.need, 'optional');
  assert.equal(profile.status, 'missing');
  assert.match(profile.reason, /the user's profile is Standard User/);
  assert.match(profile.fix ?? '', /set Profile to System Administrator/);
});

test('read-only-sync: a Standard User reads the mapped objects', async () => {
  const user = newOrg(running).user('Standard User');
  const report = await verifyPermissions(
    user.reader,
    presetProfile('read-only-sync', { objects: ['Account', 'Contact'] }),
    { userId: user.id },
  );
  assert.deepEqual(statuses(report), {
    'object:Account:read': 'granted',
    'object:Contact:read': 'granted',
    'userPermission:ApiEnabled': 'granted',
  });
  assert.equal(report.ok, true);
});

test('read-only-sync: a System Administrator reads the default objects', async () => {
  const admin = newOrg(running).user('System Administrator');
  const report = await verifyPermissions(admin.reader, presetProfile('read-only-sync'), {
    userId: admin.id,
  });
  assert.equal(report.ok, true);
  assert.equal(report.summary.granted, 8);
});
