import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emulator } from '../../src/emulator.ts';
import { insertRecord } from '../../src/data/record-operations.ts';
import { SalesforceError } from '../../src/salesforce-error.ts';
import { computeAccess } from '../../src/security/access.ts';
import { planQuery } from '../../src/soql/plan-query.ts';

const emulator = new Emulator();
const org = emulator.createOrg({ name: 'Plan' });
const admin = emulator.createUser(org.id, {
  username: 'admin@plan.example',
  profile: 'System Administrator',
  firstName: 'Ada',
  lastName: 'Admin',
});
const caller = { org, access: computeAccess(org, admin.id) };
const acme = insertRecord(
  emulator.data,
  org,
  'Account',
  { Name: 'Acme', NumberOfEmployees: 7, Industry: 'Banking' },
  { actorId: admin.id },
);
insertRecord(
  emulator.data,
  org,
  'Contact',
  { LastName: 'Smith', AccountId: acme.Id },
  { actorId: admin.id },
);

function plannedError(soql: string): SalesforceError {
  try {
    planQuery(emulator, caller, soql, { includeDeleted: false });
  } catch (error) {
    assert.ok(error instanceof SalesforceError);
    return error;
  }
  assert.fail(`planned: ${soql}`);
}

test('flat rows give one string per column, nulls empty, for Bulk API 2.0', () => {
  const plan = planQuery(
    emulator,
    caller,
    'SELECT Id, LastName, Account.Name, Account.NumberOfEmployees, Email, HasOptedOutOfEmail FROM Contact',
    { includeDeleted: false },
  );
  assert.deepEqual(plan.columns, [
    'Id',
    'LastName',
    'Account.Name',
    'Account.NumberOfEmployees',
    'Email',
    'HasOptedOutOfEmail',
  ]);
  const [row] = plan.renderFlatRows(0, 10);
  assert.deepEqual(row!.slice(1), ['Smith', 'Acme', '7', '', 'false']);
  assert.equal(plan.aggregate, false);
});

test('the plan reports the clauses a statement uses', () => {
  const plain = planQuery(emulator, caller, 'SELECT Id FROM Account', { includeDeleted: false });
  assert.deepEqual(plain.clauses, {
    groupBy: false,
    offset: false,
    childSubqueries: false,
    semiJoins: false,
  });
  const rich = planQuery(
    emulator,
    caller,
    'SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id IN (SELECT AccountId FROM Contact) OFFSET 1',
    { includeDeleted: false },
  );
  assert.deepEqual(rich.clauses, {
    groupBy: false,
    offset: true,
    childSubqueries: true,
    semiJoins: true,
  });
  const grouped = planQuery(
    emulator,
    caller,
    'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry',
    {
      includeDeleted: false,
    },
  );
  assert.equal(grouped.aggregate, true);
  assert.deepEqual(grouped.columns, ['Industry', 'expr0']);
  assert.deepEqual(grouped.renderFlatRows(0, 10), [['Banking', '1']]);
});

test('record urls use the requested API version', () => {
  const plan = planQuery(emulator, caller, 'SELECT Id FROM Account', {
    includeDeleted: false,
    apiVersion: '52.0',
  });
  const [row] = plan.renderRows(0, 1);
  assert.deepEqual(row!.attributes, {
    type: 'Account',
    url: `/services/data/v52.0/sobjects/Account/${acme.Id}`,
  });
});

test('a statement longer than 100,000 characters is MALFORMED_QUERY', () => {
  const soql = `SELECT Id FROM Account WHERE Name = '${'x'.repeat(100_000)}'`;
  const error = plannedError(soql);
  assert.equal(error.errorCode, 'MALFORMED_QUERY');
  assert.equal(error.status, 400);
});

test('pages outside the result are empty, not errors', () => {
  const plan = planQuery(emulator, caller, 'SELECT Id FROM Account', { includeDeleted: false });
  assert.deepEqual(plan.renderRows(5, 10), []);
  assert.deepEqual(plan.renderRows(-3, 0), []);
  assert.equal(plan.renderRows(0, 1).length, 1);
});
