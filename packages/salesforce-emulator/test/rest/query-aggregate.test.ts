import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertRecord } from '../../src/data/record-operations.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { queryClient } from '../soql/query-client.ts';

const running = await useEmulator();
const { emulator } = running;
const { org, admin } = seedBasicOrg(running);
for (const [Name, Industry, NumberOfEmployees, AnnualRevenue] of [
  ['A', 'Banking', 10, 100],
  ['B', 'Banking', 30, 300],
  ['C', 'Retail', 5, null],
  ['D', null, null, 50],
] as const) {
  insertRecord(
    emulator.data,
    org,
    'Account',
    { Name, Industry, NumberOfEmployees, AnnualRevenue },
    { actorId: admin.id },
  );
}
const client = queryClient(running, org, admin.id);

async function rows(soql: string) {
  const res = await client.query(soql);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

test('COUNT(Id) without GROUP BY is one AggregateResult named expr0', async () => {
  const body = await rows('SELECT COUNT(Id) FROM Account');
  assert.deepEqual(body, {
    totalSize: 1,
    done: true,
    records: [{ attributes: { type: 'AggregateResult' }, expr0: 4 }],
  });
});

test('GROUP BY returns a row per group with aliases and exprN names', async () => {
  const body = await rows(
    'SELECT Industry, COUNT(Id) n, SUM(NumberOfEmployees), MAX(Name) FROM Account GROUP BY Industry ORDER BY Industry NULLS LAST',
  );
  assert.deepEqual(body.records, [
    { attributes: { type: 'AggregateResult' }, Industry: 'Banking', n: 2, expr0: 40, expr1: 'B' },
    { attributes: { type: 'AggregateResult' }, Industry: 'Retail', n: 1, expr0: 5, expr1: 'C' },
    { attributes: { type: 'AggregateResult' }, Industry: null, n: 1, expr0: null, expr1: 'D' },
  ]);
});

test('AVG, MIN and COUNT(field) skip nulls', async () => {
  const body = await rows(
    'SELECT AVG(AnnualRevenue) avg, MIN(NumberOfEmployees) low, COUNT(Industry) c, COUNT_DISTINCT(Industry) d FROM Account',
  );
  assert.deepEqual(body.records[0], {
    attributes: { type: 'AggregateResult' },
    avg: 150,
    low: 5,
    c: 3,
    d: 2,
  });
});

test('HAVING filters groups and ORDER BY can sort by an aggregate', async () => {
  const body = await rows(
    'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC',
  );
  assert.deepEqual(body.records, [
    { attributes: { type: 'AggregateResult' }, Industry: 'Banking', expr0: 2 },
  ]);
});

test('an ungrouped field in an aggregate query is MALFORMED_QUERY', async () => {
  const res = await client.query('SELECT Name, COUNT(Id) FROM Account GROUP BY Industry');
  assert.equal(res.status, 400);
  assert.equal(res.body[0]!.errorCode, 'MALFORMED_QUERY');
  assert.match(res.body[0]!.message, /Field must be grouped or aggregated: Name$/);
});

test('SUM of a text field is INVALID_FIELD', async () => {
  const res = await client.query('SELECT SUM(Name) FROM Account');
  assert.equal(res.body[0]!.errorCode, 'INVALID_FIELD');
  assert.match(res.body[0]!.message, /field Name does not support aggregate operator SUM$/);
});

test('GROUP BY a date function groups by its value', async () => {
  const body = await rows(
    'SELECT CALENDAR_YEAR(CreatedDate) y, COUNT(Id) FROM Account GROUP BY CALENDAR_YEAR(CreatedDate)',
  );
  assert.deepEqual(body.records, [
    {
      attributes: { type: 'AggregateResult' },
      y: new Date(emulator.clock.now()).getUTCFullYear(),
      expr0: 4,
    },
  ]);
});
