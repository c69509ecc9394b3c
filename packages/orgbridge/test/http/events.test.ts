import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, errorCode, openApi } from '../helpers/api.ts';

const running = await useSalesforce();

interface EventBody {
  id: string;
  type: string;
  workspaceId: string;
  connectionId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}
interface Page {
  events: EventBody[];
  nextCursor: string | null;
}

for (const dialect of DIALECTS) {
  describe(`events API on ${dialect}`, () => {
    test('events are listed in order, page by page with the cursor, and a caught-up poller keeps its cursor', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const empty = await setup.call(setup.a.apiKey, 'GET', '/api/v1/events');
        assert.deepEqual(empty.json(), { events: [], nextCursor: null });

        const { id } = await connectThroughApi(setup, admin);
        const other = await connectThroughApi(setup, admin, { nickname: 'Other' });
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/enable`);

        const first = (
          await setup.call(setup.a.apiKey, 'GET', '/api/v1/events?limit=2')
        ).json<Page>();
        assert.deepEqual(
          first.events.map((e) => [e.type, e.connectionId]),
          [
            ['connection.created', id],
            ['connection.created', other.id],
          ],
        );
        const event = first.events[0]!;
        assert.match(event.id, /^evt_/);
        assert.equal(event.workspaceId, setup.a.id);
        assert.equal(new Date(event.occurredAt).toISOString(), event.occurredAt);
        assert.equal(event.data.username, admin.username);
        assert.match(first.nextCursor!, /^\d+$/);

        const rest = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?after=${first.nextCursor}`)
        ).json<Page>();
        assert.deepEqual(
          rest.events.map((e) => e.type),
          ['connection.disabled', 'connection.enabled'],
        );
        const caughtUp = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?after=${rest.nextCursor}`)
        ).json<Page>();
        assert.deepEqual(caughtUp, { events: [], nextCursor: rest.nextCursor });

        const one = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${other.id}`)
        ).json<Page>();
        assert.deepEqual(
          one.events.map((e) => e.type),
          ['connection.created'],
        );
        const all = (
          await setup.call(setup.a.apiKey, 'GET', '/api/v1/events?limit=1000')
        ).json<Page>();
        assert.equal(all.events.length, 4);
      } finally {
        await setup.close();
      }
    });

    test('another workspace sees none of them', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        await connectThroughApi(setup, admin);
        const theirs = await setup.call(setup.b.apiKey, 'GET', '/api/v1/events');
        assert.deepEqual(theirs.json(), { events: [], nextCursor: null });
      } finally {
        await setup.close();
      }
    });

    test('a malformed cursor or limit is VALIDATION_FAILED', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        for (const query of [
          'after=abc',
          'after=-1',
          'after=1.5',
          'after=99999999999999999999',
          'limit=0',
          'limit=1001',
          'limit=ten',
          'connectionId=../x',
          'after=1&after=2',
          'unknown=1',
        ]) {
          const response = await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?${query}`);
          assert.equal(response.statusCode, 400, query);
          assert.equal(errorCode(response), 'VALIDATION_FAILED');
        }
      } finally {
        await setup.close();
      }
    });
  });
}
