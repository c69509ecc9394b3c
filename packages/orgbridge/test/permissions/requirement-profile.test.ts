import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ErrorCode } from '../../src/errors.ts';
import { parseRequirementProfile } from '../../src/permissions/index.ts';

function rejection(json: unknown): AppError {
  try {
    parseRequirementProfile(json);
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, ErrorCode.VALIDATION_FAILED);
    return error;
  }
  assert.fail('the profile was accepted');
}

test('a minimal profile gets every list filled in', () => {
  assert.deepEqual(parseRequirementProfile({ name: 'api only' }), {
    name: 'api only',
    objects: [],
    userPermissions: [],
    permissionSets: [],
    visualforcePages: [],
  });
});

test('a full profile round-trips through JSON unchanged', () => {
  const profile = {
    name: 'custom',
    description: 'what the host app needs',
    objects: [{ object: 'Invoice__c', access: { read: 'required', modifyAll: 'optional' } }],
    userPermissions: [{ permission: 'ViewSetup', need: 'required' }],
    permissionSets: [{ name: 'Partner Access', need: 'optional' }],
    profile: { name: 'System Administrator', need: 'optional' },
    visualforcePages: [{ name: 'ns__Setup', need: 'required' }],
  };
  assert.deepEqual(parseRequirementProfile(JSON.parse(JSON.stringify(profile))), profile);
});

test('a Permissions prefix on a user permission is dropped', () => {
  const parsed = parseRequirementProfile({
    name: 'p',
    userPermissions: [{ permission: 'PermissionsApiEnabled', need: 'required' }],
  });
  assert.equal(parsed.userPermissions[0]!.permission, 'ApiEnabled');
});

test('an unknown access level is named, with the levels that exist', () => {
  const error = rejection({
    name: 'p',
    objects: [{ object: 'Account', access: { read: 'required', write: 'required' } }],
  });
  assert.equal(error.details.field, 'objects[0].access.write');
  assert.match(error.message, /objects\[0\]\.access\.write is not allowed/);
  assert.match(error.message, /read, create, edit, delete, viewAll, modifyAll/);
});

test('a need other than required or optional is refused with the value given', () => {
  const error = rejection({
    name: 'p',
    userPermissions: [{ permission: 'ViewSetup', need: 'mandatory' }],
  });
  assert.equal(error.details.field, 'userPermissions[0].need');
  assert.match(error.message, /"required", "optional", not "mandatory"/);
});

test('an object without any level is refused', () => {
  const error = rejection({ name: 'p', objects: [{ object: 'Account', access: {} }] });
  assert.equal(error.details.field, 'objects[0].access');
  assert.match(error.message, /at least one of read/);
});

test('an object name that could escape a URL path or a query is refused', () => {
  const error = rejection({
    name: 'p',
    objects: [{ object: "Account' OR Name != '", access: { read: 'required' } }],
  });
  assert.equal(error.details.field, 'objects[0].object');
  assert.match(error.message, /an object API name such as Account/);
});

test('a user permission name that is not an API name is refused', () => {
  const error = rejection({
    name: 'p',
    userPermissions: [{ permission: 'ViewSetup, Name FROM User', need: 'required' }],
  });
  assert.equal(error.details.field, 'userPermissions[0].permission');
});

test('an object listed twice is refused, whatever its case', () => {
  const error = rejection({
    name: 'p',
    objects: [
      { object: 'Account', access: { read: 'required' } },
      { object: 'account', access: { edit: 'required' } },
    ],
  });
  assert.equal(error.details.field, 'objects[1].object');
  assert.match(error.message, /listed twice/);
});

test('a missing name and an unknown top-level key are both reported', () => {
  const error = rejection({ objects: [], colour: 'blue' });
  assert.equal(error.details.field, 'name');
  const problems = error.details.problems;
  assert.ok(Array.isArray(problems));
  assert.ok(problems.some((p) => p === 'name is required'));
  assert.ok(problems.some((p) => p.startsWith('colour is not allowed')));
  assert.match(error.message, /and 1 more/);
});

test('something other than an object is refused', () => {
  const error = rejection('abm');
  assert.equal(error.details.field, '');
  assert.match(error.message, /must be an object/);
});
