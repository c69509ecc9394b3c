import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertRecord } from '../../src/data/record-operations.ts';
import { field } from '../../src/schema/field-definition.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;
const DAY = 86_400_000;

const seeded = seedBasicOrg(running);
const { org, admin } = seeded;
org.schema
  .get('Account')!
  .fields.push(field('Tags__c', 'multipicklist', { picklistValues: ['red', 'green', 'blue'] }));
const insert = (object: string, values: Record<string, unknown>, at?: number) =>
  insertRecord(emulator.data, org, object, values, { actorId: admin.id, at });

const acme = insert(
  'Account',
  { Name: 'Acme Corp', Industry: 'Banking', NumberOfEmployees: 10, Tags__c: 'red;green' },
  Date.parse('2024-01-15T10:00:00Z'),
);
const beta = insert(
  'Account',
  { Name: 'beta ltd', Industry: 'Retail', NumberOfEmployees: 50, Tags__c: 'blue' },
  Date.parse('2024-01-31T00:00:00Z'),
);
insert('Account', { Name: 'Gamma_1' }, Date.parse('2024-02-10T08:30:00Z'));
insert(
  'Account',
  { Name: "O'Brien & Co", Industry: 'Technology', NumberOfEmployees: 200 },
  Date.parse('2024-03-01T00:00:00Z'),
);
insert('Contact', {
  LastName: 'Smith',
  AccountId: acme.Id,
  Birthdate: '1990-05-01',
  HasOptedOutOfEmail: true,
});
insert('Contact', { LastName: 'Jones', AccountId: beta.Id, Birthdate: '1985-12-24' });
insert('Contact', { LastName: 'Nobody' });

const client = queryClient(running, org, admin.id);

async function names(where: string, object = 'Account', field = 'Name'): Promise<string[]> {
  const res = await client.query(`SELECT ${field} FROM ${object} WHERE ${where}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.records.map((r) => r[field] as string).sort();
}

async function error(
  where: string,
  object = 'Account',
): Promise<{ errorCode: string; message: string }> {
  const res = await client.query(`SELECT Id FROM ${object} WHERE ${where}`);
  assert.equal(res.status, 400);
  return res.body[0]!;
}

test('= compares text case-insensitively', async () => {
  assert.deepEqual(await names("Name = 'ACME CORP'"), ['Acme Corp']);
  assert.deepEqual(await names("Industry = 'banking'"), ['Acme Corp']);
});

test('!= and <> both match records whose value is null', async () => {
  const expected = ['Gamma_1', "O'Brien & Co", 'beta ltd'].sort();
  assert.deepEqual(await names("Industry != 'Banking'"), expected);
  assert.deepEqual(await names("Industry <> 'Banking'"), expected);
});

test('<, <=, > and >= compare numbers and skip nulls', async () => {
  assert.deepEqual(await names('NumberOfEmployees > 10'), ["O'Brien & Co", 'beta ltd'].sort());
  assert.deepEqual(await names('NumberOfEmployees >= 50'), ["O'Brien & Co", 'beta ltd'].sort());
  assert.deepEqual(await names('NumberOfEmployees < 50'), ['Acme Corp']);
  assert.deepEqual(await names('NumberOfEmployees <= 50'), ['Acme Corp', 'beta ltd']);
});

test('< and > compare text case-insensitively', async () => {
  assert.deepEqual(await names("Name < 'B'"), ['Acme Corp']);
  assert.deepEqual(await names("Name >= 'o'"), ["O'Brien & Co"]);
});

test('IN and NOT IN match lists (NOT IN keeps nulls)', async () => {
  assert.deepEqual(await names("Industry IN ('banking', 'RETAIL')"), ['Acme Corp', 'beta ltd']);
  assert.deepEqual(await names("Industry NOT IN ('banking', 'RETAIL')"), [
    'Gamma_1',
    "O'Brien & Co",
  ]);
  assert.deepEqual(await names('Industry IN (null)'), ['Gamma_1']);
  assert.deepEqual(await names(`Id IN ('${acme.Id}', '${beta.Id.slice(0, 15)}')`), [
    'Acme Corp',
    'beta ltd',
  ]);
});

test('LIKE matches % and _ wildcards case-insensitively, with escapes', async () => {
  assert.deepEqual(await names("Name LIKE 'a%'"), ['Acme Corp']);
  assert.deepEqual(await names("Name LIKE '%LTD'"), ['beta ltd']);
  assert.deepEqual(await names("Name LIKE '%co%'"), ['Acme Corp', "O'Brien & Co"]);
  assert.deepEqual(await names("Name LIKE '_eta%'"), ['beta ltd']);
  assert.deepEqual(await names("Name LIKE 'Gamma\\_1'"), ['Gamma_1']);
  assert.deepEqual(await names("Name LIKE 'Gamma\\_%'"), ['Gamma_1']);
  assert.deepEqual(await names("Name LIKE 'GammaX1'"), []);
});

test('AND, OR, NOT and parentheses combine conditions', async () => {
  assert.deepEqual(
    await names("(Industry = 'Banking' OR Industry = 'Retail') AND NumberOfEmployees > 20"),
    ['beta ltd'],
  );
  assert.deepEqual(await names("Industry = 'Banking' OR Industry = 'Retail' OR Name = 'Gamma_1'"), [
    'Acme Corp',
    'Gamma_1',
    'beta ltd',
  ]);
  assert.deepEqual(await names("NOT Industry = 'Banking'"), [
    'Gamma_1',
    "O'Brien & Co",
    'beta ltd',
  ]);
  assert.deepEqual(await names("NumberOfEmployees > 5 AND (NOT Name LIKE 'a%')"), [
    "O'Brien & Co",
    'beta ltd',
  ]);
});

test('AND and OR cannot be mixed without parentheses', async () => {
  const e = await error("Industry = 'Banking' AND Name = 'x' OR Name = 'y'");
  assert.equal(e.errorCode, 'MALFORMED_QUERY');
  assert.match(e.message, /ERROR at Row:1:Column:66\nunexpected token: OR$/);
});

test('= null and != null test for empty values', async () => {
  assert.deepEqual(await names('Industry = null'), ['Gamma_1']);
  assert.deepEqual(await names('Industry != null'), ['Acme Corp', "O'Brien & Co", 'beta ltd']);
});

test('booleans compare with true and false, and IsDeleted is filterable', async () => {
  assert.deepEqual(await names('HasOptedOutOfEmail = true', 'Contact', 'LastName'), ['Smith']);
  assert.deepEqual(await names('HasOptedOutOfEmail = false', 'Contact', 'LastName'), [
    'Jones',
    'Nobody',
  ]);
  assert.equal((await names('IsDeleted = false')).length, 4);
});

test('quoted strings take backslash escapes', async () => {
  assert.deepEqual(await names("Name = 'O\\'Brien & Co'"), ["O'Brien & Co"]);
  assert.deepEqual(await names("Name = 'O\\u0027Brien & Co'"), ["O'Brien & Co"]);
});

test('date fields compare with date literals', async () => {
  assert.deepEqual(await names('Birthdate = 1990-05-01', 'Contact', 'LastName'), ['Smith']);
  assert.deepEqual(await names('Birthdate < 1990-01-01', 'Contact', 'LastName'), ['Jones']);
});

test('datetime literals are accepted with Z, +0000, +hh:mm and milliseconds', async () => {
  for (const literal of [
    '2024-01-31T00:00:00Z',
    '2024-01-31T00:00:00+0000',
    '2024-01-31T00:00:00.000Z',
    '2024-01-31T01:00:00+01:00',
  ]) {
    assert.deepEqual(
      await names(`CreatedDate >= ${literal}`),
      ['Gamma_1', "O'Brien & Co", 'beta ltd'].sort(),
      literal,
    );
  }
  assert.deepEqual(await names('CreatedDate > 2024-01-31T00:00:00Z'), ['Gamma_1', "O'Brien & Co"]);
});

test('a date literal against a datetime field is INVALID_FIELD', async () => {
  const e = await error('CreatedDate > 2024-01-31');
  assert.equal(e.errorCode, 'INVALID_FIELD');
  assert.match(
    e.message,
    /value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes$/,
  );
});

test('a number against a text field is INVALID_FIELD', async () => {
  const e = await error('Name = 5');
  assert.equal(e.errorCode, 'INVALID_FIELD');
  assert.match(e.message, /must be of type string and should be enclosed in quotes$/);
});

test('a malformed id literal is INVALID_QUERY_FILTER_OPERATOR', async () => {
  const e = await error("Id = 'abc'");
  assert.equal(e.errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
  assert.match(e.message, /invalid ID field: abc$/);
});

test('conditions on parent fields follow the lookup', async () => {
  assert.deepEqual(await names("Account.Name = 'Acme Corp'", 'Contact', 'LastName'), ['Smith']);
  assert.deepEqual(await names("Account.Industry != 'Banking'", 'Contact', 'LastName'), [
    'Jones',
    'Nobody',
  ]);
  assert.deepEqual(await names("Owner.Username = 'nobody@example.com'"), []);
});

test('semi-joins and anti-joins select by the ids a subquery returns', async () => {
  assert.deepEqual(await names('Id IN (SELECT AccountId FROM Contact)'), ['Acme Corp', 'beta ltd']);
  assert.deepEqual(await names("Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Jones')"), [
    'beta ltd',
  ]);
  assert.deepEqual(await names('Id NOT IN (SELECT AccountId FROM Contact)'), [
    'Gamma_1',
    "O'Brien & Co",
  ]);
});

test('INCLUDES and EXCLUDES test multi-select picklist values', async () => {
  assert.deepEqual(await names("Tags__c INCLUDES ('green')"), ['Acme Corp']);
  assert.deepEqual(await names("Tags__c INCLUDES ('blue', 'red;green')"), [
    'Acme Corp',
    'beta ltd',
  ]);
  assert.deepEqual(await names("Tags__c INCLUDES ('red;blue')"), []);
  assert.deepEqual(
    await names("Tags__c EXCLUDES ('red')"),
    ['Gamma_1', "O'Brien & Co", 'beta ltd'].sort(),
  );
  assert.equal((await error("Name INCLUDES ('x')")).errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
});

test('relative date literals follow the emulator clock', async () => {
  const own = seedBasicOrg(running);
  let c = queryClient(running, own.org, own.admin.id);
  const now = emulator.clock.now();
  const at = (daysAgo: number, name: string) =>
    insertRecord(
      emulator.data,
      own.org,
      'Account',
      { Name: name },
      {
        actorId: own.admin.id,
        at: now - daysAgo * DAY,
      },
    );
  at(0, 'today');
  at(1, 'yesterday');
  at(3, 'three days ago');
  at(10, 'ten days ago');
  const q = async (where: string) =>
    (
      await c.query(`SELECT Name FROM Account WHERE ${where} ORDER BY CreatedDate DESC`)
    ).body.records.map((r) => r.Name);
  assert.deepEqual(await q('CreatedDate = TODAY'), ['today']);
  assert.deepEqual(await q('CreatedDate = YESTERDAY'), ['yesterday']);
  assert.deepEqual(await q('CreatedDate = LAST_N_DAYS:3'), [
    'today',
    'yesterday',
    'three days ago',
  ]);
  assert.deepEqual(await q('CreatedDate = N_DAYS_AGO:3'), ['three days ago']);
  assert.deepEqual(await q('CreatedDate < LAST_N_DAYS:3'), ['ten days ago']);
  assert.deepEqual(await q('CreatedDate > YESTERDAY'), ['today']);
  emulator.clock.advance(2 * DAY);
  // The old session timed out while the clock moved on.
  c = queryClient(running, own.org, own.admin.id);
  assert.deepEqual(await q('CreatedDate = TODAY'), []);
  assert.deepEqual(await q('CreatedDate = N_DAYS_AGO:2'), ['today']);
  assert.deepEqual(await q('CreatedDate = N_DAYS_AGO:5'), ['three days ago']);
  assert.deepEqual(await q('CreatedDate = LAST_N_DAYS:3'), ['today', 'yesterday']);
  assert.deepEqual(await q('CreatedDate IN (YESTERDAY, N_DAYS_AGO:12)'), ['ten days ago']);
});
