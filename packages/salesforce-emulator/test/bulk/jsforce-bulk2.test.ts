import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '@jsforce/jsforce-node';
import { insertRecord } from '../../src/data/record-operations.ts';
import { useEmulator } from '../helpers/emulator.ts';
import { bulkOrg } from './bulk-helpers.ts';

const running = await useEmulator();
const { emulator } = running;

function connect(instanceUrl: string, accessToken: string): Connection {
  const conn = new Connection({ instanceUrl, accessToken, version: '60.0' });
  conn.bulk2.pollInterval = 20;
  conn.bulk2.pollTimeout = 60_000;
  return conn;
}

test('jsforce bulk2.query reads 25,000 Accounts to the end', async () => {
  const { admin, adminToken, org, instanceUrl } = bulkOrg(running);
  const names = new Set<string>();
  for (let i = 0; i < 25_000; i++) {
    const name = `Account ${i}`;
    names.add(name);
    insertRecord(emulator.data, org, 'Account', { Name: name }, { actorId: admin.id });
  }
  const conn = connect(instanceUrl, adminToken);
  const records = (await (
    await conn.bulk2.query('SELECT Id, Name FROM Account')
  ).toArray()) as Array<{
    Id: string;
    Name: string;
  }>;
  assert.equal(records.length, 25_000);
  assert.deepEqual(new Set(records.map((r) => r.Name)), names);
  assert.match(records[0]!.Id, /^001[A-Za-z0-9]{15}$/);
});

test('jsforce bulk2.loadAndWaitForResults inserts and reports per-row results', async () => {
  const { adminToken, org, instanceUrl } = bulkOrg(running);
  const conn = connect(instanceUrl, adminToken);
  const input = 'Name,Phone\nFirst,555-0100\n"Second, Inc",\n,555-0300\n';
  const results = await conn.bulk2.loadAndWaitForResults({
    object: 'Account',
    operation: 'insert',
    input,
  });
  assert.equal(results.successfulResults.length, 2);
  assert.equal(results.failedResults.length, 1);
  assert.equal(results.unprocessedRecords.length, 0);
  const [first, second] = results.successfulResults as unknown as Array<Record<string, string>>;
  assert.equal(first!.sf__Created, 'true');
  assert.equal(first!.Name, 'First');
  assert.equal(second!.Name, 'Second, Inc');
  assert.equal(org.tables.get('Account')!.rows.get(first!.sf__Id!)!.Phone, '555-0100');
  assert.equal(
    results.failedResults[0]!.sf__Error,
    'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
  );
});
