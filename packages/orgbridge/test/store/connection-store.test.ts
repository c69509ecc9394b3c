import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectSessionRepository } from '../../src/store/connect-session-repository.ts';
import { ConnectionGrantRepository } from '../../src/store/connection-grant-repository.ts';
import {
  ConnectionRepository,
  newConnectionRow,
  type ConnectionRow,
} from '../../src/store/connection-repository.ts';
import { EventRepository } from '../../src/store/event-repository.ts';
import type { Store } from '../../src/store/open-store.ts';
import { isUniqueViolation } from '../../src/store/unique-violation.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { DIALECTS, openTestStore } from '../helpers/databases.ts';

function connection(
  id: string,
  workspaceId: string,
  nickname: string,
): Omit<ConnectionRow, 'version'> {
  return newConnectionRow({
    id,
    workspace_id: workspaceId,
    nickname,
    environment: 'production',
    login_url: 'https://login.salesforce.com',
    auth_flow: 'web_server',
    status: 'pending',
    scopes: 'api refresh_token',
    created_at: 1,
  });
}

async function withStore(dialect: (typeof DIALECTS)[number], fn: (store: Store) => Promise<void>) {
  const store = await openTestStore(dialect);
  try {
    const workspaces = new WorkspaceRepository(store.db);
    await workspaces.insert({ id: 'ws_a', name: 'A', created_at: 1 });
    await workspaces.insert({ id: 'ws_b', name: 'B', created_at: 1 });
    await fn(store);
  } finally {
    await store.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`connection store on ${dialect}`, () => {
    test('a nickname is unique within a workspace only', () =>
      withStore(dialect, async ({ db }) => {
        const repo = new ConnectionRepository(db);
        await repo.insert(connection('conn_1', 'ws_a', 'Main org'));
        await assert.rejects(repo.insert(connection('conn_2', 'ws_a', 'Main org')), (e) =>
          isUniqueViolation(e),
        );
        await repo.insert(connection('conn_3', 'ws_b', 'Main org'));
        assert.equal((await repo.findInWorkspace('ws_a', 'conn_1'))?.nickname, 'Main org');
        assert.equal(await repo.findInWorkspace('ws_b', 'conn_1'), undefined);
        assert.deepEqual(
          (await repo.listForWorkspace('ws_a')).map((c) => c.id),
          ['conn_1'],
        );
      }));

    test('updates are optimistic: a stale version changes nothing', () =>
      withStore(dialect, async ({ db }) => {
        const repo = new ConnectionRepository(db);
        await repo.insert(connection('conn_1', 'ws_a', 'x'));
        assert.equal(await repo.update('conn_1', 1, { status: 'active', updated_at: 2 }), true);
        assert.equal(await repo.update('conn_1', 1, { status: 'disabled', updated_at: 3 }), false);
        const row = await repo.find('conn_1');
        assert.equal(row?.status, 'active');
        assert.equal(row?.version, 2);
      }));

    test('of many concurrent lease requests exactly one wins until the lease expires', () =>
      withStore(dialect, async ({ db }) => {
        const repo = new ConnectionRepository(db);
        await repo.insert(connection('conn_1', 'ws_a', 'x'));
        const attempts = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            repo.acquireRefreshLease('conn_1', `holder-${i}`, 1000, 31_000),
          ),
        );
        assert.equal(attempts.filter(Boolean).length, 1);
        const winner = `holder-${attempts.indexOf(true)}`;
        assert.equal(await repo.acquireRefreshLease('conn_1', 'late', 20_000, 50_000), false);
        assert.equal(await repo.acquireRefreshLease('conn_1', winner, 20_000, 50_000), true);
        assert.equal(
          await repo.acquireRefreshLease('conn_1', 'after-expiry', 50_000, 80_000),
          true,
        );
        await repo.releaseRefreshLease('conn_1', 'someone-else');
        assert.equal((await repo.find('conn_1'))?.refresh_lease_holder, 'after-expiry');
        await repo.releaseRefreshLease('conn_1', 'after-expiry');
        assert.equal(await repo.acquireRefreshLease('conn_1', 'next', 50_001, 90_000), true);
      }));

    test('connections of one Salesforce user are listed together', () =>
      withStore(dialect, async ({ db }) => {
        const repo = new ConnectionRepository(db);
        for (const [id, ws] of [
          ['c1', 'ws_a'],
          ['c2', 'ws_b'],
          ['c3', 'ws_a'],
        ] as const) {
          await repo.insert({
            ...connection(id, ws, id),
            org_id: '00D1',
            user_id: id === 'c3' ? '005B' : '005A',
          });
        }
        assert.deepEqual((await repo.listByIdentity('00D1', '005A')).map((c) => c.id).sort(), [
          'c1',
          'c2',
        ]);
      }));

    test('a connect session is consumed exactly once, and never after it expires', () =>
      withStore(dialect, async ({ db }) => {
        await new ConnectionRepository(db).insert(connection('conn_1', 'ws_a', 'x'));
        const sessions = new ConnectSessionRepository(db);
        const base = {
          workspace_id: 'ws_a',
          connection_id: 'conn_1',
          purpose: 'connect',
          code_verifier_sealed: 'sealed',
          login_url: 'https://login.salesforce.com',
          redirect_uri: 'https://app.example/oauth/callback',
          created_at: 0,
          used_at: null,
        };
        await sessions.insert({ ...base, id: 'cs_1', state_hash: 'h1', expires_at: 600_000 });
        await sessions.insert({ ...base, id: 'cs_2', state_hash: 'h2', expires_at: 600_000 });
        const results = await Promise.all(
          Array.from({ length: 10 }, () => sessions.consume('h1', 1000)),
        );
        assert.equal(results.filter((r) => r !== undefined).length, 1);
        assert.equal((await sessions.findByStateHash('h1'))?.used_at, 1000);
        assert.equal(await sessions.consume('h2', 600_000), undefined, 'expired');
        assert.equal(await sessions.consume('unknown', 1), undefined);
        assert.equal(await sessions.deleteExpired(700_000), 2);
      }));

    test('a rotated refresh token is stored with the access token; retiring erases secrets', () =>
      withStore(dialect, async ({ db }) => {
        await new ConnectionRepository(db).insert(connection('conn_1', 'ws_a', 'x'));
        const grants = new ConnectionGrantRepository(db);
        await grants.insert({
          id: 'gr_1',
          connection_id: 'conn_1',
          client_id: '3MVG9',
          refresh_token_sealed: 'r1',
          access_token_sealed: 'a1',
          access_token_issued_at: 10,
          instance_url: 'https://acme.my.salesforce.com',
          scopes: 'api',
          issued_at: 10,
          replaced_at: null,
          revoked_at: null,
        });
        await grants.storeRefresh('gr_1', {
          accessTokenSealed: 'a2',
          issuedAt: 20,
          instanceUrl: 'https://new.my.salesforce.com',
          refreshTokenSealed: null,
        });
        let row = await grants.find('gr_1');
        assert.deepEqual(
          [row?.refresh_token_sealed, row?.access_token_sealed, row?.instance_url],
          ['r1', 'a2', 'https://new.my.salesforce.com'],
        );
        await grants.storeRefresh('gr_1', {
          accessTokenSealed: 'a3',
          issuedAt: 30,
          instanceUrl: 'https://new.my.salesforce.com',
          refreshTokenSealed: 'r2',
        });
        row = await grants.find('gr_1');
        assert.deepEqual([row?.refresh_token_sealed, row?.access_token_sealed], ['r2', 'a3']);
        await grants.retire('gr_1', 40, 'replaced');
        row = await grants.find('gr_1');
        assert.deepEqual(
          [row?.refresh_token_sealed, row?.access_token_sealed, row?.replaced_at],
          [null, null, 40],
        );
      }));

    test('events are listed in order after a cursor, per workspace and connection', () =>
      withStore(dialect, async ({ db }) => {
        const events = new EventRepository(db);
        const seqs: number[] = [];
        for (let i = 0; i < 5; i++) {
          seqs.push(
            await events.append({
              id: `evt_${i}`,
              type: 'connection.created',
              workspace_id: i === 2 ? 'ws_b' : 'ws_a',
              connection_id: i % 2 === 0 ? 'conn_even' : 'conn_odd',
              occurred_at: 100 + i,
              data: '{}',
            }),
          );
        }
        assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!));
        const all = await events.list({ workspaceId: 'ws_a', limit: 10 });
        assert.deepEqual(
          all.map((e) => e.id),
          ['evt_0', 'evt_1', 'evt_3', 'evt_4'],
        );
        const after = await events.list({ workspaceId: 'ws_a', afterSeq: all[1]!.seq, limit: 10 });
        assert.deepEqual(
          after.map((e) => e.id),
          ['evt_3', 'evt_4'],
        );
        const odd = await events.list({ workspaceId: 'ws_a', connectionId: 'conn_odd', limit: 10 });
        assert.deepEqual(
          odd.map((e) => e.id),
          ['evt_1', 'evt_3'],
        );
        assert.equal(typeof all[0]!.seq, 'number');
      }));
  });
}
