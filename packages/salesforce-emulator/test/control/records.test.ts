import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deleteRecordAs, seedRecords, type SaveResult, type SeedResult } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { control } from './control-client.ts';

const running = await useEmulator();
const { emulator } = running;

test('records created, updated, deleted and undeleted as a user carry that user in the audit fields', async () => {
  const { org, admin, standard } = seedBasicOrg(running, { name: 'AsUser' });
  const created = await control<SaveResult>(
    running,
    'POST',
    `/orgs/${org.id}/objects/Account/records`,
    {
      asUser: standard.username,
      fields: { Name: 'Made by Sam', Industry: 'Retail' },
    },
  );
  assert.equal(created.status, 200);
  assert.equal(created.body.success, true);
  assert.deepEqual(created.body.errors, []);
  const id = created.body.id!;
  const table = org.tables.get('Account')!;
  assert.equal(table.rows.get(id)?.CreatedById, standard.id);
  assert.equal(table.rows.get(id)?.OwnerId, standard.id);
  const updated = await control<SaveResult>(running, 'PATCH', `/orgs/${org.id}/records/${id}`, {
    asUser: admin.id,
    fields: { Industry: 'Banking' },
  });
  assert.deepEqual(updated.body, { id, success: true, errors: [] });
  assert.equal(table.rows.get(id)?.LastModifiedById, admin.id);
  assert.equal(table.rows.get(id)?.Industry, 'Banking');
  const deleted = await control<SaveResult>(
    running,
    'DELETE',
    `/orgs/${org.id}/records/${id}?asUser=${encodeURIComponent(admin.username)}`,
  );
  assert.equal(deleted.body.success, true);
  assert.equal(table.rows.has(id), false);
  assert.equal(table.recycleBin.get(id)?.record.IsDeleted, true);
  const undeleted = await control<SaveResult>(
    running,
    'POST',
    `/orgs/${org.id}/records/${id}/undelete`,
    {
      asUser: admin.id,
    },
  );
  assert.equal(undeleted.body.success, true);
  assert.equal(table.rows.get(id)?.IsDeleted, false);
});

test('write failures come back as Salesforce save results', async () => {
  const { org, admin } = seedBasicOrg(running, { name: 'SaveErrors' });
  const missing = await control<SaveResult>(
    running,
    'POST',
    `/orgs/${org.id}/objects/Contact/records`,
    {
      asUser: admin.id,
      fields: { FirstName: 'No last name' },
    },
  );
  assert.equal(missing.status, 200);
  assert.deepEqual(missing.body, {
    id: null,
    success: false,
    errors: [
      {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [LastName]',
        fields: ['LastName'],
      },
    ],
  });
  const gone = deleteRecordAs(emulator, org.id, '001000000000000AAA', admin.id);
  assert.equal(gone.success, false);
  assert.equal(gone.errors[0]?.statusCode, 'NOT_FOUND');
  const noUser = await control(running, 'POST', `/orgs/${org.id}/objects/Account/records`, {
    asUser: 'ghost@nowhere.example',
    fields: { Name: 'x' },
  });
  assert.equal(noUser.status, 404);
});

test('seeding writes generated records with history in SystemModstamp', async () => {
  const { org, standard } = seedBasicOrg(running, { name: 'SeedSmall' });
  const res = await control<SeedResult>(running, 'POST', `/orgs/${org.id}/objects/Contact/seed`, {
    count: 500,
    windowMs: 10 * 86_400_000,
    asUser: standard.username,
    values: { LeadSource: 'Web' },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.created, 500);
  assert.equal(res.body.total, 500);
  const rows = [...org.tables.get('Contact')!.rows.values()];
  assert.equal(rows[0]?.Id, res.body.firstId);
  assert.equal(rows[0]?.LastName, 'Contact 0000001');
  assert.equal(rows[0]?.Name, 'Contact 0000001');
  assert.equal(rows[499]?.LastName, 'Contact 0000500');
  assert.equal(rows[0]?.OwnerId, standard.id);
  assert.equal(rows[0]?.LeadSource, 'Web');
  const stamps = rows.map((r) => Date.parse(String(r.SystemModstamp).replace('+0000', 'Z')));
  const now = emulator.clock.now();
  assert.ok(stamps.every((s, i) => i === 0 || s >= stamps[i - 1]!));
  assert.ok(stamps[0]! <= now - 9 * 86_400_000);
  assert.ok(stamps[499]! <= now);
});

test('seeding continues the numbering and fills required fields and references', () => {
  const { org } = seedBasicOrg(running, { name: 'SeedMore' });
  seedRecords(emulator, org.id, 'Account', 3);
  seedRecords(emulator, org.id, 'Account', 2);
  const names = [...org.tables.get('Account')!.rows.values()].map((r) => r.Name);
  assert.deepEqual(names, [
    'Account 0000001',
    'Account 0000002',
    'Account 0000003',
    'Account 0000004',
    'Account 0000005',
  ]);
  const opportunities = seedRecords(emulator, org.id, 'Opportunity', 4, { windowMs: 0 });
  const opp = org.tables.get('Opportunity')!.rows.get(opportunities.firstId!)!;
  assert.equal(opp.Name, 'Opportunity 0000001');
  assert.equal(typeof opp.StageName, 'string');
  assert.match(String(opp.CloseDate), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(typeof opp.IsClosed, 'boolean');
});

test('seeding refuses setup objects, bad counts and unknown fields', async () => {
  const { org } = seedBasicOrg(running, { name: 'SeedBad' });
  for (const [object, body] of [
    ['User', { count: 5 }],
    ['Account', { count: -1 }],
    ['Account', { count: 1, values: { Nope: 1 } }],
    ['Account', {}],
  ] as const) {
    const res = await control(running, 'POST', `/orgs/${org.id}/objects/${object}/seed`, body);
    assert.equal(res.status, 400, `${object} ${JSON.stringify(body)}`);
  }
});
