import assert from 'node:assert/strict';
import { test } from 'node:test';

test('the test run executes on Node 24, the runtime the project pins', () => {
  assert.equal(
    process.versions.node.split('.')[0],
    '24',
    `running on Node ${process.versions.node}`,
  );
});

test('node:sqlite is available without flags', async () => {
  const { DatabaseSync } = await import('node:sqlite');
  const db = new DatabaseSync(':memory:');
  assert.deepEqual({ ...db.prepare('SELECT 1 + 1 AS two').get() }, { two: 2 });
  db.close();
});
