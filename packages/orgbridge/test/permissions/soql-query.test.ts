import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SalesforceReader } from '../../src/permissions/index.ts';
import { queryRows, soqlList, soqlString } from '../../src/permissions/soql-query.ts';

test('a SOQL literal escapes quotes, backslashes and control characters', () => {
  assert.equal(soqlString("O'Brien"), "'O\\'Brien'");
  assert.equal(soqlString('a\\b'), "'a\\\\b'");
  assert.equal(soqlString('x\ny\tz"'), "'x\\ny\\tz\\\"'");
  assert.equal(soqlString("' OR Name != '"), "'\\' OR Name != \\''");
});

test('an IN list quotes each value', () => {
  assert.equal(soqlList(['Account', "It's"]), "('Account', 'It\\'s')");
});

/** A reader that answers from a script of pages and records what was asked. */
function scripted(pages: Record<string, unknown>): SalesforceReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get<T>(path: string): Promise<T> {
      asked.push(path);
      const page = pages[path.startsWith('/services/data/v60.0/query?q=') ? 'first' : path];
      return page === undefined
        ? Promise.reject(new Error('no such page'))
        : Promise.resolve(page as T);
    },
  };
}

test('a query follows nextRecordsUrl until done', async () => {
  const reader = scripted({
    first: {
      done: false,
      nextRecordsUrl: '/services/data/v60.0/query/01g-2',
      records: [{ Id: '1' }],
    },
    '/services/data/v60.0/query/01g-2': { done: true, records: [{ Id: '2' }] },
  });
  assert.deepEqual(await queryRows(reader, 'SELECT Id FROM Account'), [{ Id: '1' }, { Id: '2' }]);
  assert.equal(
    reader.asked[0],
    `/services/data/v60.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
  );
});

test('a nextRecordsUrl outside the data API is not followed', async () => {
  const reader = scripted({
    first: {
      done: false,
      nextRecordsUrl: 'https://elsewhere.example/steal',
      records: [{ Id: '1' }],
    },
  });
  assert.deepEqual(await queryRows(reader, 'SELECT Id FROM Account'), [{ Id: '1' }]);
  assert.equal(reader.asked.length, 1);
});

test('an answer that is not a query result is an error', async () => {
  await assert.rejects(queryRows(scripted({ first: { rows: [] } }), 'SELECT Id FROM Account'), {
    code: 'SALESFORCE_ERROR',
  });
});
