import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeAccess, objectAccess } from '../src/security/access.ts';
import { idChecksum, normalizeId } from '../src/ids.ts';
import { seedBasicOrg, useEmulator } from './helpers/emulator.ts';

const running = await useEmulator();

test('18-character ids carry the documented case checksum', () => {
  // Salesforce's own example: 001A0000006Vm9r → 001A0000006Vm9rIAC
  assert.equal(idChecksum('001A0000006Vm9r'), 'IAC');
  assert.equal(normalizeId('001A0000006Vm9r'), '001A0000006Vm9rIAC');
  assert.equal(normalizeId('001a0000006vm9rIAC'), undefined);
  assert.equal(normalizeId('not-an-id'), undefined);
});

test('a new org has the standard profiles and their permission sets', () => {
  const { org, admin, standard, integration } = seedBasicOrg(running);
  const profiles = [...org.tables.get('Profile')!.rows.values()].map((p) => p.Name).sort();
  assert.deepEqual(profiles, [
    'Minimum Access - API Only Integrations',
    'Standard User',
    'System Administrator',
  ]);
  const account = org.schema.get('Account')!;
  const adminAccess = computeAccess(org, admin.id);
  assert.ok(adminAccess.permissions.has('ViewSetup'));
  assert.equal(objectAccess(adminAccess, account).modifyAll, true);
  const std = computeAccess(org, standard.id);
  assert.equal(std.permissions.has('ViewSetup'), false);
  assert.deepEqual(objectAccess(std, account), {
    read: true,
    create: true,
    edit: true,
    delete: true,
    viewAll: false,
    modifyAll: false,
  });
  assert.equal(objectAccess(std, org.schema.get('ObjectPermissions')!).read, false);
  const integ = computeAccess(org, integration.id);
  assert.equal(objectAccess(integ, account).read, false);
  assert.ok(integ.permissions.has('ApiUserOnly'));
});

test('unknown paths answer with Salesforce NOT_FOUND error array', async () => {
  const res = await fetch(`${running.baseUrl}/nope.my.salesforce.com/services/data/v60.0/sobjects`);
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json;charset=UTF-8$/);
  assert.deepEqual(await res.json(), [
    { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
  ]);
});
