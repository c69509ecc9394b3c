import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clearFaults,
  deactivateUser,
  injectFault,
  revokeGrantsOfUser,
} from '@orgbridge/salesforce-emulator';
import { completeAuthorization } from '../../src/connections/complete-authorization.ts';
import { createConnection } from '../../src/connections/connect-service.ts';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { TokenService } from '../../src/connections/token-service.ts';
import { isAppError } from '../../src/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import {
  authorizeAs,
  openConnectionsContext,
  seedOrg,
  useSalesforce,
} from '../helpers/connections.ts';

const running = await useSalesforce();
const TWO_HOURS = 2 * 3600 * 1000;

function bodyText(body: RequestInit['body']): string {
  if (typeof body === 'string') return body;
  return body instanceof URLSearchParams ? body.toString() : '';
}

/** Counts refresh-token grants sent to Salesforce. */
function countingFetch() {
  const counter = { refreshes: 0 };
  const wrapped: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (
      url.endsWith('/services/oauth2/token') &&
      bodyText(init?.body).includes('grant_type=refresh_token')
    )
      counter.refreshes++;
    return fetch(input, init);
  };
  return { counter, fetch: wrapped };
}

async function connected(dialect: (typeof DIALECTS)[number], options: { rotate?: boolean } = {}) {
  const seeded = seedOrg(running, options);
  const opened = await openConnectionsContext(dialect, running, seeded.app);
  const counting = countingFetch();
  let offset = 0;
  const ctx: ConnectionsContext = {
    ...opened.ctx,
    fetch: counting.fetch,
    now: () => Date.now() + offset,
  };
  const link = await createConnection(ctx, opened.workspaceId, {
    nickname: 'Main',
    environment: 'production',
  });
  const outcome = await completeAuthorization(
    ctx,
    await authorizeAs(link.authorizeUrl, seeded.admin),
  );
  assert.ok(outcome.ok);
  return {
    ...seeded,
    ...opened,
    ctx,
    counter: counting.counter,
    connectionId: link.connection.id,
    /** Moves orgbridge's clock and the emulator's together, as real time would. */
    advance(ms: number) {
      offset += ms;
      running.emulator.clock.advance(ms);
    },
  };
}

async function eventTypes(setup: Awaited<ReturnType<typeof connected>>) {
  const rows = await setup.store.db
    .selectFrom('event')
    .select('type')
    .where('connection_id', '=', setup.connectionId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.type);
}

for (const dialect of DIALECTS) {
  describe(`access tokens on ${dialect}`, () => {
    test('a warm token is handed out without refreshing, and it works at Salesforce', async () => {
      const setup = await connected(dialect);
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        const token = await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        assert.equal(setup.counter.refreshes, 0);
        const response = await fetch(
          `${token.instanceUrl}/services/data/v60.0/sobjects/Account/describe`,
          {
            headers: { authorization: `Bearer ${token.accessToken}` },
          },
        );
        assert.equal(response.status, 200);
      } finally {
        await setup.store.close();
      }
    });

    test('an ageing session is refreshed exactly once for 300 concurrent callers across three processes', async () => {
      const setup = await connected(dialect);
      try {
        const processes = ['p1', 'p2', 'p3'].map(
          (holderId) => new TokenService(setup.ctx, { holderId }),
        );
        const before = await processes[0]!.getAccessToken(setup.workspaceId, setup.connectionId);
        setup.advance(TWO_HOURS + 60_000);
        const results = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            processes[i % 3]!.getAccessToken(setup.workspaceId, setup.connectionId),
          ),
        );
        assert.equal(setup.counter.refreshes, 1);
        const distinct = new Set(results.map((r) => r.accessToken));
        assert.equal(distinct.size, 1);
        assert.ok(!distinct.has(before.accessToken));
        const works = await fetch(`${results[0]!.instanceUrl}/services/data/v60.0/`, {
          headers: { authorization: `Bearer ${results[0]!.accessToken}` },
        });
        assert.equal(works.status, 200);
      } finally {
        await setup.store.close();
      }
    });

    test('with rotation, each new refresh token is stored and the next refresh succeeds', async () => {
      const setup = await connected(dialect, { rotate: true });
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        for (let round = 0; round < 3; round++) {
          setup.advance(TWO_HOURS + 60_000);
          await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        }
        assert.equal(setup.counter.refreshes, 3);
        const row = await setup.store.db
          .selectFrom('connection')
          .select(['status'])
          .where('id', '=', setup.connectionId)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'active');
      } finally {
        await setup.store.close();
      }
    });

    test('with rotation, a refresh stuck past its lease is given up before another process takes over', async () => {
      const setup = await connected(dialect, { rotate: true });
      try {
        const LEASE = 2000;
        // p1's refresh never gets an answer: its request hangs until p1 aborts it.
        let p1GaveUpAt: number | null = null;
        const hanging: typeof fetch = (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (!url.endsWith('/services/oauth2/token')) return setup.ctx.fetch(input, init);
          return new Promise((_resolve, reject) => {
            init?.signal?.addEventListener('abort', () => {
              p1GaveUpAt = Date.now();
              reject(init.signal!.reason as Error);
            });
          });
        };
        let p2SentAt: number | null = null;
        const sending: typeof fetch = (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.endsWith('/services/oauth2/token')) p2SentAt ??= Date.now();
          return setup.ctx.fetch(input, init);
        };
        const options = { leaseMs: LEASE, retryBaseMs: 5 };
        const p1 = new TokenService(
          { ...setup.ctx, fetch: hanging },
          { holderId: 'p1', ...options },
        );
        const p2 = new TokenService(
          { ...setup.ctx, fetch: sending },
          { holderId: 'p2', ...options },
        );
        const before = await p1.getAccessToken(setup.workspaceId, setup.connectionId);
        setup.advance(TWO_HOURS + 60_000);
        const stuck = p1.getAccessToken(setup.workspaceId, setup.connectionId).then(
          () => null,
          (error: unknown) => error,
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        const fresh = await p2.getAccessToken(setup.workspaceId, setup.connectionId);
        assert.ok(isAppError(await stuck, 'SALESFORCE_UNAVAILABLE'), 'p1 gave up');
        assert.notEqual(fresh.accessToken, before.accessToken);
        assert.ok(p1GaveUpAt !== null && p2SentAt !== null);
        assert.ok(
          p1GaveUpAt <= p2SentAt,
          `p2 sent the refresh token ${p1GaveUpAt - p2SentAt} ms before p1 gave up on it`,
        );
        assert.equal(setup.counter.refreshes, 1, 'one refresh reached Salesforce');
        const row = await setup.store.db
          .selectFrom('connection')
          .select(['status'])
          .where('id', '=', setup.connectionId)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'active');
      } finally {
        await setup.store.close();
      }
    });

    test('a session timeout is learnt from INVALID_SESSION_ID, but never one under 15 minutes', async () => {
      const setup = await connected(dialect);
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        const lifetime = async () =>
          (
            await setup.store.db
              .selectFrom('connection')
              .select('session_lifetime_ms')
              .where('id', '=', setup.connectionId)
              .executeTakeFirstOrThrow()
          ).session_lifetime_ms;
        // Dead after ten minutes: ended by something other than the timeout; nothing learnt.
        let token = await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        setup.advance(10 * 60_000);
        await tokens.reportInvalidSession(setup.connectionId, token.accessToken);
        assert.equal(await lifetime(), null);
        // Dead after thirty minutes: the org's timeout is learnt.
        token = await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        setup.advance(30 * 60_000);
        await tokens.reportInvalidSession(setup.connectionId, token.accessToken);
        const learnt = Number(await lifetime());
        assert.ok(learnt >= 30 * 60_000 && learnt < 31 * 60_000, `learnt ${learnt} ms`);
        assert.equal(setup.counter.refreshes, 2);
      } finally {
        await setup.store.close();
      }
    });

    test('revoked at Salesforce: needs_reauth / refresh_token_revoked, announced once', async () => {
      const setup = await connected(dialect);
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        revokeGrantsOfUser(running.emulator, setup.org.id, setup.admin.id);
        setup.advance(TWO_HOURS + 60_000);
        for (let i = 0; i < 2; i++) {
          await assert.rejects(
            tokens.getAccessToken(setup.workspaceId, setup.connectionId),
            (e) => {
              assert.ok(isAppError(e, 'REAUTH_REQUIRED'));
              assert.equal(e.details.reason, 'refresh_token_revoked');
              return true;
            },
          );
        }
        assert.deepEqual(await eventTypes(setup), [
          'connection.created',
          'connection.needs_reauth',
        ]);
        assert.equal(setup.counter.refreshes, 1, 'no refresh is tried once Salesforce said no');
      } finally {
        await setup.store.close();
      }
    });

    test('a deactivated user: needs_reauth / user_inactive', async () => {
      const setup = await connected(dialect);
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        deactivateUser(running.emulator, setup.org.id, setup.admin.id);
        setup.advance(TWO_HOURS + 60_000);
        await assert.rejects(
          tokens.getAccessToken(setup.workspaceId, setup.connectionId),
          (e) => isAppError(e, 'REAUTH_REQUIRED') && e.details.reason === 'user_inactive',
        );
      } finally {
        await setup.store.close();
      }
    });

    test('a transient blip is retried with backoff and never degrades the connection', async (t) => {
      const setup = await connected(dialect);
      t.after(() => clearFaults(running.emulator));
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1', retryBaseMs: 20 });
        const before = await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        injectFault(running.emulator, {
          kind: 'status',
          status: 503,
          count: 2,
          pathPrefix: '/services/oauth2/token',
        });
        setup.advance(TWO_HOURS + 60_000);
        const after = await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        assert.notEqual(after.accessToken, before.accessToken);
        const row = await setup.store.db
          .selectFrom('connection')
          .select(['status', 'status_reason'])
          .where('id', '=', setup.connectionId)
          .executeTakeFirstOrThrow();
        assert.deepEqual(row, { status: 'active', status_reason: null });
        assert.deepEqual(await eventTypes(setup), ['connection.created']);
      } finally {
        await setup.store.close();
      }
    });

    test('Salesforce failing transiently degrades the connection, never needs_reauth, and recovery is announced', async () => {
      const setup = await connected(dialect);
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        const fault = injectFault(running.emulator, {
          kind: 'status',
          status: 503,
          pathPrefix: '/services/oauth2/token',
        });
        setup.advance(TWO_HOURS + 60_000);
        await assert.rejects(tokens.getAccessToken(setup.workspaceId, setup.connectionId), (e) =>
          isAppError(e, 'SALESFORCE_UNAVAILABLE'),
        );
        const degraded = await setup.store.db
          .selectFrom('connection')
          .select(['status', 'status_reason'])
          .where('id', '=', setup.connectionId)
          .executeTakeFirstOrThrow();
        assert.deepEqual(degraded, { status: 'degraded', status_reason: 'salesforce_unavailable' });
        clearFaults(running.emulator, fault.id);
        await tokens.getAccessToken(setup.workspaceId, setup.connectionId);
        assert.deepEqual(await eventTypes(setup), [
          'connection.created',
          'connection.degraded',
          'connection.restored',
        ]);
      } finally {
        await setup.store.close();
      }
    });
  });
}
