import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addCustomField,
  createApexPage,
  createPermissionSet,
  grantApexPageAccess,
  listApexPages,
  revokeApexPageAccess,
  seedRecords,
  setObjectPermissions,
  type ApexPageAccess,
  type ApexPageSummary,
} from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

type ErrorBody = { error: { code: string; message: string } };

test('a page created over HTTP is an ApexPage row in its namespace, enabled nowhere yet', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfCreate' });
  const res = await control<ApexPageSummary>(running, 'POST', `/orgs/${org.id}/apex-pages`, {
    name: 'PartnerSetup',
    namespacePrefix: 'cb',
    label: 'Partner Setup',
    apiVersion: 58,
  });
  assert.equal(res.status, 201);
  assert.match(res.body.id, /^066/);
  assert.deepEqual(
    { ...res.body, id: undefined },
    {
      id: undefined,
      name: 'PartnerSetup',
      namespacePrefix: 'cb',
      fullName: 'cb__PartnerSetup',
      label: 'Partner Setup',
      apiVersion: 58,
      enabledIn: [],
    },
  );
  const row = org.tables.get('ApexPage')!.rows.get(res.body.id)!;
  assert.equal(row.NamespacePrefix, 'cb');
  assert.equal(row.MasterLabel, 'Partner Setup');
  assert.equal(row.IsAvailableInTouch, false);
  assert.equal(typeof row.SystemModstamp, 'string');
});

test('a page defaults to its name as label and to the latest API version', () => {
  const { org } = seedBasicOrg(running, { name: 'VfDefaults' });
  const page = createApexPage(emulator, org.id, { name: 'Plain' });
  assert.equal(page.label, 'Plain');
  assert.equal(page.apiVersion, Number(emulator.latestApiVersion));
  assert.equal(page.namespacePrefix, null);
  assert.equal(page.fullName, 'Plain');
});

test('a name already taken in its namespace is refused; another namespace may reuse it', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfDuplicate' });
  createApexPage(emulator, org.id, { name: 'Setup', namespacePrefix: 'cb' });
  const again = await control<ErrorBody>(running, 'POST', `/orgs/${org.id}/apex-pages`, {
    name: 'SETUP',
    namespacePrefix: 'CB',
  });
  assert.equal(again.status, 400);
  assert.equal(again.body.error.code, 'invalid_request');
  assert.match(again.body.error.message, /cb__Setup already exists/);
  const local = await control(running, 'POST', `/orgs/${org.id}/apex-pages`, { name: 'Setup' });
  assert.equal(local.status, 201);
  assert.equal(listApexPages(emulator, org.id).length, 2);
});

test('malformed names, namespaces, versions and keys get 400', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfMalformed' });
  for (const body of [
    { name: 'Two__Parts' },
    { name: '9Lives' },
    { name: 'Trailing_' },
    { name: 'Ok', namespacePrefix: 'way_too_long_namespace' },
    { name: 'Ok', apiVersion: 14.9 },
    { name: 'Ok', apiVersion: 999 },
    { name: 'Ok', markup: '<apex:page/>' },
    {},
  ]) {
    const res = await control<ErrorBody>(running, 'POST', `/orgs/${org.id}/apex-pages`, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'invalid_request');
  }
  assert.deepEqual(listApexPages(emulator, org.id), []);
});

test('granting through a permission set writes one SetupEntityAccess row; twice is a no-op', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfGrant' });
  const set = createPermissionSet(emulator, org.id, { name: 'Partner_Access' });
  const page = createApexPage(emulator, org.id, { name: 'PartnerSetup', namespacePrefix: 'cb' });
  const path = `/orgs/${org.id}/permission-sets/Partner_Access/apex-pages/cb__PartnerSetup`;
  const first = await control<ApexPageAccess>(running, 'PUT', path);
  assert.equal(first.status, 200);
  assert.match(first.body.setupEntityAccessId, /^0J0/);
  assert.deepEqual(
    { pageId: first.body.pageId, permissionSetId: first.body.permissionSetId },
    { pageId: page.id, permissionSetId: set.id },
  );
  const row = org.tables.get('SetupEntityAccess')!.rows.get(first.body.setupEntityAccessId)!;
  assert.equal(row.ParentId, set.id);
  assert.equal(row.SetupEntityId, page.id);
  assert.equal(row.SetupEntityType, 'ApexPage');
  const second = await control<ApexPageAccess>(running, 'PUT', path);
  assert.equal(second.body.setupEntityAccessId, first.body.setupEntityAccessId);
  assert.equal(org.tables.get('SetupEntityAccess')!.rows.size, 1);
  assert.deepEqual(listApexPages(emulator, org.id)[0]!.enabledIn, ['Partner_Access']);
});

test("a profile grant lands on the profile's own permission set; the page can be named by id", async () => {
  const { org } = seedBasicOrg(running, { name: 'VfProfile' });
  const page = createApexPage(emulator, org.id, { name: 'Dashboard' });
  const res = await control<ApexPageAccess>(
    running,
    'PUT',
    `/orgs/${org.id}/profiles/Standard%20User/apex-pages/${page.id}`,
  );
  assert.equal(res.status, 200);
  const owner = org.tables.get('PermissionSet')!.rows.get(res.body.permissionSetId)!;
  assert.equal(owner.IsOwnedByProfile, true);
  assert.equal(owner.Label, 'Standard User');
  assert.deepEqual(listApexPages(emulator, org.id)[0]!.enabledIn, ['Standard User']);
});

test('revoking deletes the row for good; revoking again is 404', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfRevoke' });
  createPermissionSet(emulator, org.id, { name: 'Partner_Access' });
  createApexPage(emulator, org.id, { name: 'PartnerSetup' });
  const target = { permissionSet: 'Partner_Access' };
  const granted = grantApexPageAccess(emulator, org.id, target, 'PartnerSetup');
  const path = `/orgs/${org.id}/permission-sets/Partner_Access/apex-pages/PartnerSetup`;
  const revoked = await control<ApexPageAccess>(running, 'DELETE', path);
  assert.equal(revoked.status, 200);
  assert.equal(revoked.body.setupEntityAccessId, granted.setupEntityAccessId);
  const table = org.tables.get('SetupEntityAccess')!;
  assert.equal(table.rows.size, 0);
  // No IsDeleted and no undelete() on this object, so nothing waits in the recycle bin.
  assert.equal(table.recycleBin.size, 0);
  const again = await control<ErrorBody>(running, 'DELETE', path);
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'not_found');
  assert.deepEqual(listApexPages(emulator, org.id)[0]!.enabledIn, []);
});

test('an unknown page, permission set or profile is 404, and nothing is written', async () => {
  const { org } = seedBasicOrg(running, { name: 'VfUnknown' });
  createPermissionSet(emulator, org.id, { name: 'Partner_Access' });
  createApexPage(emulator, org.id, { name: 'PartnerSetup', namespacePrefix: 'cb' });
  for (const path of [
    // A packaged page needs its namespace.
    `/orgs/${org.id}/permission-sets/Partner_Access/apex-pages/PartnerSetup`,
    `/orgs/${org.id}/permission-sets/Nope/apex-pages/cb__PartnerSetup`,
    `/orgs/${org.id}/profiles/Nope/apex-pages/cb__PartnerSetup`,
  ]) {
    const res = await control<ErrorBody>(running, 'PUT', path);
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error.code, 'not_found');
  }
  assert.throws(
    () => revokeApexPageAccess(emulator, org.id, { profile: 'Standard User' }, 'cb__PartnerSetup'),
    { code: 'not_found' },
  );
  assert.equal(org.tables.get('SetupEntityAccess')?.rows.size ?? 0, 0);
});

test('pages and their access take no seeding, custom fields or object permissions', () => {
  const { org } = seedBasicOrg(running, { name: 'VfClosed' });
  for (const object of ['ApexPage', 'SetupEntityAccess']) {
    assert.throws(() => seedRecords(emulator, org.id, object, 1), { code: 'invalid_request' });
    assert.throws(
      () => addCustomField(emulator, org.id, object, { name: 'Extra__c', type: 'string' }),
      { code: 'invalid_request' },
    );
    assert.throws(
      () => setObjectPermissions(emulator, org.id, { profile: 'Standard User' }, object, {}),
      { code: 'invalid_request' },
    );
  }
});
