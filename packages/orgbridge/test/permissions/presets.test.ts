import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from 'typebox/value';
import { AppError, ErrorCode } from '../../src/errors.ts';
import {
  PRESET_NAMES,
  presetProfile,
  presets,
  RequirementProfileSchema,
  type RequirementProfile,
} from '../../src/permissions/index.ts';

const levelsOf = (profile: RequirementProfile, object: string) =>
  profile.objects.find((o) => o.object === object)?.access;

const required = (profile: RequirementProfile) =>
  profile.userPermissions.filter((p) => p.need === 'required').map((p) => p.permission);

test('the four presets are shipped', () => {
  assert.deepEqual(PRESET_NAMES, ['abm', 'partner-overlap', 'user-admin', 'read-only-sync']);
});

test('every preset is a valid requirement profile that survives JSON', () => {
  const built = [
    presets.abm(),
    presets['partner-overlap']({ permissionSet: 'Partner_Access', visualforcePages: ['Setup'] }),
    presets['user-admin'](),
    presets['read-only-sync'](),
  ];
  for (const profile of built) {
    assert.ok(Value.Check(RequirementProfileSchema, profile), profile.name);
    assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile);
  }
});

test('abm needs Read, Create, Edit and View All on the CRM objects, and Read and Edit on User', () => {
  const abm = presetProfile('abm');
  for (const object of ['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task'])
    assert.deepEqual(levelsOf(abm, object), {
      read: 'required',
      create: 'required',
      edit: 'required',
      viewAll: 'required',
    });
  assert.deepEqual(levelsOf(abm, 'User'), { read: 'required', edit: 'required' });
  assert.deepEqual(required(abm), ['ApiEnabled', 'ViewSetup', 'ViewRoles', 'AssignPermissionSets']);
});

test('partner-overlap reads Account and Lead and names the package set and pages', () => {
  const profile = presetProfile('partner-overlap', {
    permissionSet: 'Crossbeam Setup User',
    visualforcePages: ['cb__Setup'],
  });
  assert.deepEqual(
    profile.objects.map((o) => [o.object, o.access]),
    [
      ['Account', { read: 'required' }],
      ['Lead', { read: 'required' }],
    ],
  );
  assert.deepEqual(profile.permissionSets, [{ name: 'Crossbeam Setup User', need: 'required' }]);
  assert.deepEqual(profile.visualforcePages, [{ name: 'cb__Setup', need: 'required' }]);
});

test('user-admin needs Manage Users and keeps the System Administrator name optional', () => {
  const profile = presetProfile('user-admin');
  assert.deepEqual(levelsOf(profile, 'User'), {
    read: 'required',
    create: 'required',
    edit: 'required',
  });
  assert.deepEqual(required(profile), [
    'ApiEnabled',
    'ViewSetup',
    'ManageUsers',
    'AssignPermissionSets',
  ]);
  assert.deepEqual(profile.profile, { name: 'System Administrator', need: 'optional' });
});

test('read-only-sync reads the mapped objects, by default the common CRM ones', () => {
  assert.deepEqual(
    presetProfile('read-only-sync').objects.map((o) => o.object),
    ['Account', 'Contact', 'Lead', 'Opportunity', 'Campaign', 'Task', 'User'],
  );
  const mapped = presetProfile('read-only-sync', { objects: ['Account', 'Invoice__c'] });
  assert.deepEqual(mapped.objects, [
    { object: 'Account', access: { read: 'required' } },
    { object: 'Invoice__c', access: { read: 'required' } },
  ]);
  assert.deepEqual(required(mapped), ['ApiEnabled']);
});

test('each call returns a fresh profile that callers may change', () => {
  const first = presetProfile('abm');
  first.objects[0]!.access.delete = 'required';
  assert.equal(presetProfile('abm').objects[0]!.access.delete, undefined);
});

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, ErrorCode.VALIDATION_FAILED);
    return error;
  }
  assert.fail('accepted');
}

test('an unknown preset name is refused with the list of presets', () => {
  const error = rejection(() => presetProfile('crm-everything'));
  assert.equal(error.details.field, 'preset');
  assert.match(error.message, /abm, partner-overlap, user-admin, read-only-sync/);
});

test('partner-overlap without the name of its permission set is refused', () => {
  const error = rejection(() => presetProfile('partner-overlap' as string, {}));
  assert.equal(error.details.field, 'permissionSet');
});

test('read-only-sync refuses a mapped object that is not an API name', () => {
  const error = rejection(() => presetProfile('read-only-sync', { objects: ['Account', 'a b'] }));
  assert.equal(error.details.field, 'objects[1]');
});

test('read-only-sync refuses the same object mapped twice', () => {
  const error = rejection(() =>
    presetProfile('read-only-sync', { objects: ['Account', 'ACCOUNT'] }),
  );
  assert.equal(error.details.field, 'objects[1].object');
});

test('options a preset does not take are refused', () => {
  const error = rejection(() => presetProfile('abm' as string, { objects: ['Account'] }));
  assert.equal(error.details.field, 'objects');
});
