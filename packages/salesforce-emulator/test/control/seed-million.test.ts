import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emulator, createOrg, seedRecords } from '../../src/index.ts';

test('seeding 1,000,000 Accounts writes them all with a complete, Salesforce-shaped row', () => {
  const emulator = new Emulator();
  const org = createOrg(emulator, { name: 'Million' });
  const admin = emulator.createUser(org.id, {
    username: 'admin@million.example',
    profile: 'System Administrator',
  });
  const result = seedRecords(emulator, org.id, 'Account', 1_000_000, { windowMs: 90 * 86_400_000 });
  assert.equal(result.created, 1_000_000);
  const table = emulator.requireOrg(org.id).tables.get('Account')!;
  assert.equal(table.rows.size, 1_000_000);
  const first = table.rows.get(result.firstId!)!;
  const last = table.rows.get(result.lastId!)!;
  const def = emulator.requireOrg(org.id).schema.get('Account')!;
  assert.deepEqual(Object.keys(first).sort(), def.fields.map((f) => f.name).sort());
  assert.match(first.Id, /^0015e0[0-9A-Za-z]{12}$/);
  assert.equal(first.Name, 'Account 0000001');
  assert.equal(last.Name, 'Account 1000000');
  assert.equal(first.IsDeleted, false);
  assert.equal(first.OwnerId, admin.id);
  assert.equal(first.CreatedById, admin.id);
  assert.equal(first.LastModifiedById, admin.id);
  assert.match(String(first.SystemModstamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
  assert.equal(first.CreatedDate, first.SystemModstamp);
  const firstMs = Date.parse(String(first.SystemModstamp).replace('+0000', 'Z'));
  const lastMs = Date.parse(String(last.SystemModstamp).replace('+0000', 'Z'));
  assert.ok(lastMs - firstMs >= 89 * 86_400_000, 'stamps spread over the window');
  assert.ok(lastMs <= emulator.clock.now());
  assert.equal(typeof first.Industry, 'string');
  assert.equal(first.Phone, null);
});
