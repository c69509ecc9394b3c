import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime } from '../../src/clock.ts';
import { insertRecord, updateRecord } from '../../src/data/record-operations.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;
const COUNT = 200_000;
const BASE = Date.parse('2024-01-01T00:00:00Z');

test('the incremental-sync query over 200,000 accounts plans and pages correctly', async () => {
  const { org, admin } = seedBasicOrg(running);
  const ids: string[] = [];
  // Half before the cut-off, half after, one second apart; ties on SystemModstamp are broken by Id.
  for (let i = 0; i < COUNT; i++) {
    const at = BASE - (COUNT / 2) * 1000 + Math.floor(i / 2) * 2000;
    ids.push(
      insertRecord(emulator.data, org, 'Account', { Name: `A${i}` }, { actorId: admin.id, at }).Id,
    );
  }
  // An early record modified after the cut-off moves to the end of the ordering.
  updateRecord(
    emulator.data,
    org,
    'Account',
    ids[0]!,
    { Name: 'moved' },
    {
      actorId: admin.id,
      at: BASE + 10 * COUNT * 1000,
    },
  );
  const client = queryClient(running, org, admin.id);
  const soql =
    'SELECT Id, Name, SystemModstamp FROM Account WHERE SystemModstamp > 2024-01-01T00:00:00Z ORDER BY SystemModstamp, Id';
  const first = await client.query(soql);
  assert.equal(first.status, 200);
  const expected = COUNT / 2 - 2 + 1;
  assert.equal(first.body.totalSize, expected);
  assert.equal(first.body.records.length, 2000);
  const firstIndex = COUNT / 2 + 2;
  assert.equal(first.body.records[0]!.Id, ids[firstIndex]);
  assert.equal(first.body.records[0]!.SystemModstamp, formatDateTime(BASE + 2000));
  const stamps = first.body.records.map((r) => r.SystemModstamp);
  assert.deepEqual(stamps, [...(stamps as string[])].sort());

  const second = await client.get(first.body.nextRecordsUrl);
  assert.equal(second.body.records[0]!.Id, ids[firstIndex + 2000]);

  const locator = first.body.nextRecordsUrl.replace(/-\d+$/, '');
  const last = await client.get(`${locator}-${expected - 500}`);
  assert.equal(last.body.done, true);
  assert.equal(last.body.records.length, 500);
  assert.deepEqual(last.body.records.at(-1), {
    attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${ids[0]}` },
    Id: ids[0],
    Name: 'moved',
    SystemModstamp: formatDateTime(BASE + 10 * COUNT * 1000),
  });
  assert.equal(last.body.records.at(-2)!.Id, ids[COUNT - 1]);

  const count = await client.query(
    'SELECT COUNT() FROM Account WHERE SystemModstamp <= 2024-01-01T00:00:00Z',
  );
  assert.equal(count.body.totalSize, COUNT - expected);
});
