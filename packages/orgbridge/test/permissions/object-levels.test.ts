import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alsoTicked, noLevels, withImpliedLevels } from '../../src/permissions/object-levels.ts';

test('Modify All implies Read, Edit, Delete and View All, but not Create', () => {
  assert.deepEqual(withImpliedLevels({ ...noLevels(), modifyAll: true }), {
    read: true,
    create: false,
    edit: true,
    delete: true,
    viewAll: true,
    modifyAll: true,
  });
});

test('View All and Edit each imply Read only', () => {
  assert.deepEqual(withImpliedLevels({ ...noLevels(), viewAll: true }), {
    ...noLevels(),
    read: true,
    viewAll: true,
  });
  assert.deepEqual(withImpliedLevels({ ...noLevels(), edit: true }), {
    ...noLevels(),
    read: true,
    edit: true,
  });
});

test('Delete implies Read and Edit', () => {
  assert.deepEqual(withImpliedLevels({ ...noLevels(), delete: true }), {
    ...noLevels(),
    read: true,
    edit: true,
    delete: true,
  });
});

test('a fix names the levels Salesforce ticks along', () => {
  assert.equal(alsoTicked('read'), '');
  assert.equal(alsoTicked('edit'), 'Read');
  assert.equal(alsoTicked('modifyAll'), 'Read, Edit, Delete and View All');
});
