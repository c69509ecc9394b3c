import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isSalesforceName,
  normalizeModstamp,
  pageQuery,
  soqlString,
} from '../../src/sync/pull-query.ts';

test('pages resume after the last (SystemModstamp, Id), or from an instant when there is no Id', () => {
  const base = { object: 'Account', fields: ['Id', 'SystemModstamp'], filter: null, limit: 2000 };
  assert.equal(
    pageQuery({ ...base, after: null }),
    'SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp, Id LIMIT 2000',
  );
  assert.equal(
    pageQuery({ ...base, after: { modstamp: '2026-11-23T10:00:00.000Z', id: '001A' } }),
    "SELECT Id, SystemModstamp FROM Account WHERE (SystemModstamp > 2026-11-23T10:00:00.000Z OR (SystemModstamp = 2026-11-23T10:00:00.000Z AND Id > '001A')) ORDER BY SystemModstamp, Id LIMIT 2000",
  );
  assert.equal(
    pageQuery({
      ...base,
      filter: "Industry = 'Energy'",
      after: { modstamp: '2026-11-23T10:00:00.000Z', id: '' },
    }),
    "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= 2026-11-23T10:00:00.000Z AND (Industry = 'Energy') ORDER BY SystemModstamp, Id LIMIT 2000",
  );
});

test('literals are escaped; names are Salesforce names; datetimes normalized to ISO UTC', () => {
  assert.equal(soqlString("O'Brien\\"), "'O\\'Brien\\\\'");
  assert.equal(isSalesforceName('Tier__c'), true);
  assert.equal(isSalesforceName('Account; DROP'), false);
  assert.equal(normalizeModstamp('2026-11-23T10:00:00.000+0000'), '2026-11-23T10:00:00.000Z');
  assert.equal(normalizeModstamp('2026-11-23T12:00:00.000+0200'), '2026-11-23T10:00:00.000Z');
  assert.throws(() => normalizeModstamp('yesterday'));
});
