import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPermissionSet } from '@orgbridge/salesforce-emulator';
import {
  parseRequirementProfile,
  presetProfile,
  verifyPermissions,
} from '../../src/permissions/index.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { item, newOrg, statuses } from './support.ts';

const running = await useSalesforce();
const { emulator } = running;

const WORKSPACE_PROFILE = `{
  "name": "acme-enrichment",
  "description": "Enrich accounts, clean up duplicates",
  "objects": [
    { "object": "Account", "access": { "read": "required", "delete": "required" } },
    { "object": "Opportunity", "access": { "modifyAll": "optional" } }
  ],
  "userPermissions": [
    { "permission": "PermissionsViewSetup", "need": "required" },
    { "permission": "BulkApiHardDelete", "need": "optional" }
  ],
  "permissionSets": [{ "name": "Enrichment Access", "need": "required" }],
  "profile": { "name": "standard user", "need": "required" }
}`;

test('a workspace profile parsed from JSON is checked item by item', async () => {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, {
    name: 'Enrichment_Access',
    label: 'Enrichment Access',
    userPermissions: ['ViewSetup'],
  });
  const user = org.user('Standard User', ['Enrichment_Access']);
  const profile = parseRequirementProfile(JSON.parse(WORKSPACE_PROFILE));
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  assert.equal(report.profile, 'acme-enrichment');
  assert.deepEqual(statuses(report), {
    'object:Account:read': 'granted',
    'object:Account:delete': 'granted',
    'object:Opportunity:modifyAll': 'missing',
    'userPermission:ViewSetup': 'granted',
    'userPermission:BulkApiHardDelete': 'missing',
    'permissionSet:Enrichment Access': 'granted',
    'profile:standard user': 'granted',
  });
  assert.equal(report.ok, true, 'only optional items are missing');
  assert.deepEqual(report.summary, {
    granted: 5,
    missing: 2,
    unverifiable: 0,
    requiredMissing: 0,
    requiredUnverifiable: 0,
  });
  assert.match(
    item(report, 'userPermission:ViewSetup').reason,
    /granted by the permission set Enrichment Access/,
  );
  assert.match(
    item(report, 'object:Opportunity:modifyAll').fix ?? '',
    /tick Modify All \(Salesforce ticks Read, Edit, Delete and View All with it\)/,
  );
});

test('a user permission the org does not know is unverifiable without hiding the others', async () => {
  const user = newOrg(running).user('System Administrator');
  const profile = parseRequirementProfile({
    name: 'freezer',
    userPermissions: [
      { permission: 'ApiEnabled', need: 'required' },
      { permission: 'FreezeUsers', need: 'required' },
    ],
  });
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  assert.equal(item(report, 'userPermission:ApiEnabled').status, 'granted');
  const unknown = item(report, 'userPermission:FreezeUsers');
  assert.equal(unknown.status, 'unverifiable');
  assert.match(
    unknown.reason,
    /PermissionsFreezeUsers could not be read \(Salesforce answered 400 INVALID_FIELD\)/,
  );
  assert.equal(report.ok, true);
  assert.equal(report.summary.requiredUnverifiable, 1);
});

test('names with quotes are escaped in SOQL, so the check still decides them', async () => {
  const org = newOrg(running);
  createPermissionSet(emulator, org.orgId, { name: 'OBrien_Access', label: "O'Brien Access" });
  const user = org.user('System Administrator');
  const profile = parseRequirementProfile({
    name: 'quoted',
    permissionSets: [{ name: "O'Brien Access", need: 'required' }],
  });
  const report = await verifyPermissions(user.reader, profile, { userId: user.id });
  const set = item(report, "permissionSet:O'Brien Access");
  assert.equal(set.status, 'missing');
  // Found by label in the org's permission sets, so the fix is to assign it.
  assert.match(
    set.fix ?? '',
    /^In Setup → Permission Sets → O'Brien Access, click Manage Assignments/,
  );
});

test('an object the org does not have is missing, even for a user with Modify All Data', async () => {
  const user = newOrg(running).user('System Administrator');
  const report = await verifyPermissions(
    user.reader,
    presetProfile('read-only-sync', { objects: ['Invoice__c'] }),
    { userId: user.id },
  );
  const invoice = item(report, 'object:Invoice__c:read');
  // Modify All Data widens every object, but not one the org does not have.
  assert.equal(invoice.status, 'missing');
  assert.equal(invoice.source, 'describe');
  assert.match(invoice.reason, /does not show Invoice__c/);
  assert.match(invoice.fix ?? '', /If the org has no Invoice__c, install or create it first/);
});

test('when object settings are visible, only setup objects are described', async () => {
  const admin = newOrg(running).user('System Administrator');
  await verifyPermissions(admin.reader, presetProfile('abm'), { userId: admin.id });
  assert.deepEqual(
    admin.reader.paths.filter((p) => p.endsWith('/describe')),
    ['/services/data/v60.0/sobjects/User/describe'],
  );
  assert.ok(admin.reader.paths.length <= 6, admin.reader.paths.join('\n'));
});

test('View All on User follows "View All Users", which a Standard User lacks', async () => {
  const org = newOrg(running);
  const profile = parseRequirementProfile({
    name: 'directory',
    objects: [{ object: 'User', access: { read: 'required', viewAll: 'required' } }],
  });
  const user = org.user('Standard User');
  const missing = item(
    await verifyPermissions(user.reader, profile, { userId: user.id }),
    'object:User:viewAll',
  );
  assert.equal(missing.status, 'missing');
  assert.equal(missing.source, 'userPermissions');
  assert.match(missing.fix ?? '', /Setup has no object settings for User.*tick "View All Users"/);

  const admin = org.user('System Administrator');
  const granted = item(
    await verifyPermissions(admin.reader, profile, { userId: admin.id }),
    'object:User:viewAll',
  );
  assert.equal(granted.status, 'granted');
  assert.match(
    granted.reason,
    /follows "View All Users", granted by the profile System Administrator/,
  );
});
