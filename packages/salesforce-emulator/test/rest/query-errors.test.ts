import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertRecord } from '../../src/data/record-operations.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;
const { org, admin, standard } = seedBasicOrg(running);
insertRecord(emulator.data, org, 'Account', { Name: 'Zoë 😀 Ünïcode' }, { actorId: admin.id });
const client = queryClient(running, org, admin.id);

async function fails(soql: string) {
  const res = await client.query(soql);
  assert.equal(res.status, 400, `${soql} → ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.length, 1);
  assert.deepEqual(Object.keys(res.body[0]!), ['message', 'errorCode']);
  return res.body[0]!;
}

test("a syntax error is MALFORMED_QUERY in Salesforce's layout", async () => {
  assert.deepEqual(await fails('SELECT Id FORM Account'), {
    message:
      '\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: FORM',
    errorCode: 'MALFORMED_QUERY',
  });
});

test('an unknown field is INVALID_FIELD at its column', async () => {
  assert.deepEqual(await fails('SELECT Id, Foo FROM Account'), {
    message:
      "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    errorCode: 'INVALID_FIELD',
  });
});

test('rows and columns count lines of a multi-line query', async () => {
  const e = await fails('SELECT Id,\n  Bogus__c\nFROM Account');
  assert.match(e.message, /ERROR at Row:2:Column:3\nNo such column 'Bogus__c' on entity 'Account'/);
});

test('an unknown object is INVALID_TYPE', async () => {
  const e = await fails('SELECT Id FROM Xyzzy');
  assert.equal(e.errorCode, 'INVALID_TYPE');
  assert.match(
    e.message,
    /\nsObject type 'Xyzzy' is not supported\. If you are attempting to use a custom object, be sure to append the '__c' after the entity name\. Please reference your WSDL or the describe call for the appropriate names\.$/,
  );
});

test('ObjectPermissions is INVALID_TYPE without View Setup and readable with it', async () => {
  const std = queryClient(running, org, standard.id);
  const denied = await std.query('SELECT Id FROM ObjectPermissions');
  assert.equal(denied.status, 400);
  assert.equal(denied.body[0]!.errorCode, 'INVALID_TYPE');
  assert.match(denied.body[0]!.message, /sObject type 'ObjectPermissions' is not supported/);
  const allowed = await client.query('SELECT Id, SobjectType FROM ObjectPermissions LIMIT 1');
  assert.equal(allowed.status, 200);
});

test('OFFSET above 2,000 is NUMBER_OUTSIDE_VALID_RANGE', async () => {
  const e = await fails('SELECT Id FROM Account OFFSET 2001');
  assert.equal(e.errorCode, 'NUMBER_OUTSIDE_VALID_RANGE');
  assert.match(e.message, /Maximum SOQL offset allowed is 2000$/);
  assert.equal((await client.query('SELECT Id FROM Account OFFSET 2000')).status, 200);
});

test('a non-filterable field in WHERE is INVALID_FIELD', async () => {
  const e = await fails("SELECT Id FROM Account WHERE Description = 'x'");
  assert.equal(e.errorCode, 'INVALID_FIELD');
  assert.match(e.message, /field 'Description' can not be filtered in a query call$/);
});

test('selecting the same field twice is MALFORMED_QUERY', async () => {
  const e = await fails('SELECT Id, Name, name FROM Account');
  assert.match(e.message, /duplicate field selected: Name$/);
});

test('an unterminated string is MALFORMED_QUERY', async () => {
  const e = await fails("SELECT Id FROM Account WHERE Name = 'abc");
  assert.equal(e.errorCode, 'MALFORMED_QUERY');
  assert.equal(e.message, "line 1:40 mismatched character '<EOF>' expecting '''");
});

test('unicode inside strings matches and outside strings is MALFORMED_QUERY', async () => {
  const res = await client.query("SELECT Name FROM Account WHERE Name = 'zoë 😀 ünïcode'");
  assert.equal(res.body.records[0]!.Name, 'Zoë 😀 Ünïcode');
  const e = await fails('SELECT Id FROM Accöunt');
  assert.equal(e.errorCode, 'MALFORMED_QUERY');
  assert.match(e.message, /no viable alternative at character 'ö'/);
});

test('a LIMIT beyond any record count is accepted', async () => {
  const res = await client.query('SELECT Id FROM Account LIMIT 99999999999999999999');
  assert.equal(res.status, 200);
  assert.equal(res.body.totalSize, 1);
});

test('deeply nested parentheses are refused, not a crash', async () => {
  const depth = 5000;
  const e = await fails(
    `SELECT Id FROM Account WHERE ${'('.repeat(depth)}Name = 'x'${')'.repeat(depth)}`,
  );
  assert.equal(e.errorCode, 'QUERY_TOO_COMPLICATED');
});

test('a query URL longer than Node accepts is a 4xx, not a crash', async () => {
  const huge = `SELECT Id FROM Account WHERE Name IN (${Array.from({ length: 3000 }, (_, i) => `'n${i}'`).join(',')})`;
  const res = await fetch(`${client.base}/query?q=${encodeURIComponent(huge)}`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  await res.arrayBuffer();
  assert.ok(res.status >= 400 && res.status < 500, String(res.status));
});

test('garbage never produces a 5xx', async () => {
  const inputs = [
    'SELECT',
    'SELECT Id',
    'SELECT Id FROM',
    'SELECT FROM Account',
    'SELECT Id, FROM Account',
    'SELECT Id FROM Account WHERE',
    'SELECT Id FROM Account WHERE Name',
    "SELECT Id FROM Account WHERE Name = 'x' AND",
    'SELECT Id FROM Account WHERE (Name = null',
    'SELECT Id FROM Account WHERE Name = null)',
    'SELECT Id FROM Account ORDER BY',
    'SELECT Id FROM Account LIMIT -1',
    'SELECT Id FROM Account LIMIT x',
    'SELECT Id FROM Account WHERE Id IN ()',
    'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS',
    'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:x',
    'SELECT Id FROM Account WHERE Id = :var',
    "SELECT Id FROM Account WHERE Name = 'a\\qb'",
    'SELECT (SELECT Id FROM Contacts FROM Account',
    'SELECT Id, (SELECT Id FROM Contacts), (SELECT Id FROM Contacts) FROM Account',
    'SELECT COUNT(), Id FROM Account',
    'SELECT Id FROM Account GROUP BY',
    'SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Account))',
    'SELECT Id FROM Account WHERE CALENDAR_YEAR(Name) = 2020',
    'SELECT Id FROM Account WHERE FOO(Name) = 1',
    'SELECT Id FROM Account WHERE CreatedDate = 2024-02-30T00:00:00Z',
    'SELECT Id FROM Account WHERE Birthdate = 2024-13-45',
    '\u0000\u0001\u0002',
    "'''''",
    'SELECT Id FROM Account WHERE Name LIKE 5',
    "SELECT Id FROM Account WHERE Id LIKE '001%'",
    'SELECT Id FROM Account HAVING COUNT(Id) > 1',
    'SELECT Name n FROM Account',
    'SELECT Account.Name.Foo FROM Contact',
    'SELECT a.b.c.d.e.f.g FROM Contact',
    'SELECT Id FROM Account WHERE NOT NOT Name = null',
    "SELECT Id FROM Account WHERE Name = 'x' AND NOT Name = 'y'",
    'SELECT TYPEOF What WHEN Account THEN Name END FROM Task',
    `SELECT Id FROM Account WHERE Name = '${'x'.repeat(10_000)}'`,
  ];
  for (const soql of inputs) {
    const res = await client.query(soql);
    assert.ok(
      res.status === 400 || res.status === 200,
      `${JSON.stringify(soql.slice(0, 80))} → ${res.status}`,
    );
    if (res.status === 400) {
      assert.equal(typeof res.body[0]!.errorCode, 'string');
      assert.equal(typeof res.body[0]!.message, 'string');
    }
  }
});
