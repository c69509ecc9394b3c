import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAppError } from '../../src/errors.ts';
import { ApiKeyRepository } from '../../src/store/api-key-repository.ts';
import { migrateToLatest, openStore, parseDatabaseUrl } from '../../src/store/open-store.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { DIALECTS, openTestStore } from '../helpers/databases.ts';

test('database URLs: sqlite paths, postgres URLs, and a clear error otherwise', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:./data/orgbridge.db'), {
    dialect: 'sqlite',
    path: './data/orgbridge.db',
  });
  assert.deepEqual(parseDatabaseUrl('postgres://u@h/db'), {
    dialect: 'postgres',
    url: 'postgres://u@h/db',
  });
  assert.deepEqual(parseDatabaseUrl('postgresql://u@h/db'), {
    dialect: 'postgres',
    url: 'postgresql://u@h/db',
  });
  assert.throws(
    () => parseDatabaseUrl('mysql://x'),
    (e) => isAppError(e, 'CONFIG_INVALID'),
  );
  assert.throws(
    () => parseDatabaseUrl('sqlite:'),
    (e) => isAppError(e, 'CONFIG_INVALID'),
  );
});

test('an unreachable PostgreSQL fails with DATABASE_UNAVAILABLE, not a hang', async () => {
  await assert.rejects(openStore('postgres://nobody@127.0.0.1:1/none'), (e) =>
    isAppError(e, 'DATABASE_UNAVAILABLE'),
  );
});

for (const dialect of DIALECTS) {
  describe(`store on ${dialect}`, () => {
    test('migrations apply once and are idempotent', async () => {
      const store = await openTestStore(dialect);
      try {
        await migrateToLatest(store.db, store.dialect);
        const count = await store.db
          .selectFrom('workspace')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), 0);
      } finally {
        await store.close();
      }
    });

    test('workspaces round-trip with epoch-millisecond timestamps as numbers', async () => {
      const store = await openTestStore(dialect);
      try {
        const repo = new WorkspaceRepository(store.db);
        const createdAt = Date.UTC(2026, 10, 23, 12, 0, 0, 123);
        await repo.insert({ id: 'ws_1', name: 'Acme', created_at: createdAt });
        const row = await repo.find('ws_1');
        assert.deepEqual(row, { id: 'ws_1', name: 'Acme', created_at: createdAt });
        assert.equal(typeof row?.created_at, 'number');
        assert.equal(await repo.find('ws_missing'), undefined);
      } finally {
        await store.close();
      }
    });

    test('api keys are found by hash until revoked, and a hash is unique', async () => {
      const store = await openTestStore(dialect);
      try {
        await new WorkspaceRepository(store.db).insert({ id: 'ws_1', name: 'Acme', created_at: 1 });
        const keys = new ApiKeyRepository(store.db);
        await keys.insert({
          id: 'key_1',
          workspace_id: 'ws_1',
          key_hash: 'h1',
          key_prefix: 'obk_abc',
          created_at: 2,
          revoked_at: null,
        });
        assert.equal((await keys.findActiveByHash('h1'))?.id, 'key_1');
        await assert.rejects(
          keys.insert({
            id: 'key_2',
            workspace_id: 'ws_1',
            key_hash: 'h1',
            key_prefix: 'obk_abd',
            created_at: 3,
            revoked_at: null,
          }),
        );
        assert.equal(await keys.revoke('key_1', 10), true);
        assert.equal(await keys.revoke('key_1', 11), false);
        assert.equal(await keys.findActiveByHash('h1'), undefined);
        assert.equal((await keys.listForWorkspace('ws_1'))[0]?.version, 2);
      } finally {
        await store.close();
      }
    });

    test('deleting a workspace deletes its keys', async () => {
      const store = await openTestStore(dialect);
      try {
        await new WorkspaceRepository(store.db).insert({ id: 'ws_1', name: 'Acme', created_at: 1 });
        const keys = new ApiKeyRepository(store.db);
        await keys.insert({
          id: 'key_1',
          workspace_id: 'ws_1',
          key_hash: 'h1',
          key_prefix: 'obk',
          created_at: 2,
          revoked_at: null,
        });
        await store.db.deleteFrom('workspace').where('id', '=', 'ws_1').execute();
        assert.deepEqual(await keys.listForWorkspace('ws_1'), []);
      } finally {
        await store.close();
      }
    });
  });
}
