/**
 * Webhook delivery end to end, with real HTTP receivers on loopback and orgbridge's clock moved
 * by the test: signed at-least-once delivery, retries through an hour-long outage, independence
 * of endpoints (a dead or hanging one delays no other), failure after 24 hours, manual
 * redelivery, claims shared by several dispatchers, and once-only announcement.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revokeGrantsOfUser } from '@orgbridge/salesforce-emulator';
import { WebhookDispatcher } from '../../src/notify/webhook-dispatcher.ts';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';
import { createRepositories } from '../../src/store/repositories.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, openApi, type ApiSetup } from '../helpers/api.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { createWebhook, deliveries, dispatcherFor, events, until } from './support.ts';

const running = await useSalesforce();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Connects a connection and disables/enables it `cycles` times: 1 + 2 × cycles events. */
async function makeEvents(setup: ApiSetup, cycles: number, nickname = 'Main'): Promise<string> {
  const { admin } = seedOrg(running);
  const { id } = await connectThroughApi(setup, admin, { nickname });
  for (let i = 0; i < cycles; i++) {
    await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
    await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/enable`);
  }
  return id;
}

const ids = (receiver: Receiver) =>
  receiver.received.map((r) => JSON.parse(r.body) as { id: string }).map((b) => b.id);

for (const dialect of DIALECTS) {
  describe(`webhook delivery on ${dialect}`, () => {
    test('each event is POSTed once, signed as documented, only to the webhooks subscribed to it', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const all = await startReceiver();
      const some = await startReceiver();
      const stranger = await startReceiver();
      try {
        const hookAll = await createWebhook(setup, all.url, ['*']);
        const hookSome = await createWebhook(setup, some.url, ['connection.disabled']);
        await createWebhook(setup, stranger.url, ['*'], setup.b);
        const { admin } = seedOrg(running);
        const { id } = await connectThroughApi(setup, admin, {}, setup.a);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/enable`);

        const dispatcher = dispatcherFor(setup);
        assert.equal(await dispatcher.tick(), 4);
        const logged = await events(setup);
        assert.deepEqual(
          logged.map((e) => e.type),
          ['connection.created', 'connection.disabled', 'connection.enabled'],
        );
        assert.deepEqual(ids(all).sort(), logged.map((e) => e.id).sort());
        assert.deepEqual(ids(some), [logged[1]!.id]);
        assert.equal(stranger.received.length, 0, "another workspace's webhook gets nothing");

        for (const request of all.received) {
          const body = JSON.parse(request.body) as { id: string };
          assert.deepEqual(
            body,
            logged.find((e) => e.id === body.id),
            'the event as GET /events shows it',
          );
          assert.equal(request.headers['content-type'], 'application/json');
          assert.equal(request.headers['orgbridge-event-id'], body.id);
          const timestamp = request.headers['orgbridge-timestamp'] as string;
          assert.equal(timestamp, String(Math.floor(setup.ctx.now() / 1000)));
          const signature = request.headers['orgbridge-signature'] as string;
          assert.match(signature, /^v1=[0-9a-f]{64}$/);
          assert.ok(
            verifyWebhookSignature(
              hookAll.secret,
              timestamp,
              request.body,
              signature,
              300,
              Number(timestamp),
            ),
          );
          assert.ok(
            !verifyWebhookSignature(
              hookSome.secret,
              timestamp,
              request.body,
              signature,
              300,
              Number(timestamp),
            ),
            "another webhook's secret does not verify",
          );
        }

        const log = await deliveries(setup, hookAll.id);
        assert.deepEqual(
          log.map((d) => [d.eventType, d.state, d.attempts, d.lastStatusCode, d.lastError]),
          [
            ['connection.enabled', 'delivered', 1, 204, null],
            ['connection.disabled', 'delivered', 1, 204, null],
            ['connection.created', 'delivered', 1, 204, null],
          ],
          'newest first',
        );
        assert.ok(log.every((d) => d.deliveredAt !== null && d.nextAttemptAt === null));
        const page = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/webhooks/${hookAll.id}/deliveries?limit=2`,
        );
        const first = page.json<{ deliveries: Array<{ id: string }>; nextCursor: string }>();
        assert.equal(first.deliveries.length, 2);
        const rest = (
          await setup.call(
            setup.a.apiKey,
            'GET',
            `/api/v1/webhooks/${hookAll.id}/deliveries?limit=2&after=${first.nextCursor}`,
          )
        ).json<{ deliveries: Array<{ id: string }>; nextCursor: string | null }>();
        assert.deepEqual(
          rest.deliveries.map((d) => d.id),
          [log[2]!.id],
        );
        assert.equal(rest.nextCursor, null);

        assert.equal(await dispatcher.tick(), 0, 'nothing is sent twice');
        assert.equal(all.received.length, 3);
      } finally {
        await Promise.all([all.close(), some.close(), stranger.close()]);
        await setup.close();
      }
    });

    test('an endpoint down for an hour (503, then refusing connections) gets every event once it is back', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver('unavailable');
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 2);
        const expected = (await events(setup)).map((e) => e.id).sort();
        assert.equal(expected.length, 5);
        const dispatcher = dispatcherFor(setup);
        assert.equal(await dispatcher.tick(), 5);
        let log = await deliveries(setup, hook.id);
        for (const d of log) {
          assert.deepEqual(
            [d.state, d.attempts, d.lastStatusCode, d.lastError],
            ['pending', 1, 503, 'the receiver answered HTTP 503'],
          );
          const wait = Date.parse(d.nextAttemptAt!) - setup.ctx.now();
          assert.ok(wait >= 7_000 && wait <= 10_000, `first retry after 10 s less jitter: ${wait}`);
        }

        await receiver.setMode('down');
        for (let waited = 0; waited < HOUR; waited += 5 * MINUTE) {
          setup.advance(5 * MINUTE);
          await dispatcher.tick();
        }
        log = await deliveries(setup, hook.id);
        for (const d of log) {
          assert.equal(d.state, 'pending');
          assert.equal(d.lastError, 'connection refused');
          assert.equal(d.lastStatusCode, null);
          assert.ok(d.attempts >= 8, `retried with backoff: ${d.attempts} attempts`);
        }
        assert.equal(receiver.received.length, 0);

        await receiver.setMode('ok');
        setup.advance(HOUR);
        await dispatcher.tick();
        assert.deepEqual(
          [...new Set(ids(receiver))].sort(),
          expected,
          'every event, at least once',
        );
        log = await deliveries(setup, hook.id);
        assert.ok(log.every((d) => d.state === 'delivered' && d.lastStatusCode === 204));
        assert.ok(log.every((d) => d.lastError === null));
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test('a hanging, a refusing and a failing endpoint delay no other endpoint', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const hanging = await startReceiver('hang');
      const refusing = await startReceiver('down');
      const failing = await startReceiver('unavailable');
      const healthy = await startReceiver('ok');
      const dispatcher = dispatcherFor(setup, { timeoutMs: 60_000, perWebhook: 2, concurrency: 6 });
      try {
        const hangingHook = await createWebhook(setup, hanging.url);
        await createWebhook(setup, refusing.url);
        await createWebhook(setup, failing.url);
        await createWebhook(setup, healthy.url);
        await makeEvents(setup, 3);
        const expected = (await events(setup)).map((e) => e.id).sort();
        assert.equal(expected.length, 7);

        // What the background loop does: poll again and again while requests are in flight.
        const started = Date.now();
        while (healthy.received.length < expected.length && Date.now() - started < 10_000) {
          await dispatcher.poll();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        assert.deepEqual(ids(healthy).sort(), expected, 'all delivered while one endpoint hangs');
        assert.ok(Date.now() - started < 5_000, 'promptly, not after the 60 s timeout');
        await until(
          () => hanging.hanging === 2,
          2_000,
          'two requests held by the hanging endpoint',
        );
        // The other endpoints' last attempts may still be finishing on a loaded machine; once
        // they have, only the hanging endpoint's two remain.
        await until(
          () => dispatcher.inFlight === 2,
          5_000,
          'the hanging endpoint holds its own two slots only',
        );
        assert.equal(hanging.hanging, 2, 'and never more than its two');

        await dispatcher.stop();
        const held = (await deliveries(setup, hangingHook.id)).filter((d) => d.attempts > 0);
        assert.equal(held.length, 2);
        for (const d of held) {
          assert.equal(d.state, 'pending', 'retried later');
          assert.equal(d.lastError, 'orgbridge stopped during the attempt');
        }
      } finally {
        await dispatcher.stop();
        await Promise.all([hanging.close(), refusing.close(), failing.close(), healthy.close()]);
        await setup.close();
      }
    });

    test('no answer within the timeout is a failed attempt, retried', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver('hang');
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 0);
        const dispatcher = dispatcherFor(setup, { timeoutMs: 300 });
        assert.equal(await dispatcher.tick(), 1);
        const [d] = await deliveries(setup, hook.id);
        assert.deepEqual([d!.state, d!.lastError], ['pending', 'no answer within 300 ms']);
        await receiver.setMode('ok');
        setup.advance(MINUTE);
        await dispatcher.tick();
        assert.equal((await deliveries(setup, hook.id))[0]!.state, 'delivered');
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test('24 hours after the event an undelivered event is failed; a manual redelivery sends it', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver('down');
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 0);
        const dispatcher = dispatcherFor(setup);
        await dispatcher.tick();
        for (let hour = 1; hour <= 23; hour++) {
          setup.advance(HOUR);
          await dispatcher.tick();
        }
        let [d] = await deliveries(setup, hook.id);
        assert.equal(d!.state, 'pending', 'still retried after 23 hours');
        setup.advance(HOUR);
        await dispatcher.tick();
        setup.advance(HOUR);
        await dispatcher.tick();
        [d] = await deliveries(setup, hook.id);
        assert.equal(d!.state, 'failed');
        assert.equal(d!.nextAttemptAt, null);
        assert.equal(d!.lastError, 'connection refused');
        assert.ok(d!.attempts >= 24, `one attempt per hourly tick: ${d!.attempts}`);
        const failedAttempts = d!.attempts;
        setup.advance(HOUR);
        assert.equal(await dispatcher.tick(), 0, 'a failed delivery is not retried by itself');

        await receiver.setMode('ok');
        const redelivered = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`,
        );
        assert.equal(redelivered.statusCode, 202, redelivered.body);
        assert.equal(redelivered.json<{ state: string }>().state, 'pending');
        assert.equal(await dispatcher.tick(), 1);
        [d] = await deliveries(setup, hook.id);
        assert.deepEqual(
          [d!.state, d!.attempts, d!.lastError],
          ['delivered', failedAttempts + 1, null],
        );
        assert.equal(receiver.received.length, 1);

        // A delivered one can be sent again too (the receiver lost it).
        await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/webhooks/${hook.id}/deliveries/${d!.id}/redeliver`,
        );
        await dispatcher.tick();
        assert.deepEqual(ids(receiver), [d!.eventId, d!.eventId]);
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test("two dispatchers sharing the database send each event once; a dead sender's claim expires", async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 4);
        const expected = (await events(setup)).map((e) => e.id).sort();
        const one = dispatcherFor(setup, { perWebhook: 4 });
        const two = dispatcherFor(setup, { perWebhook: 4 });
        await Promise.all([one.tick(), two.tick(), one.tick(), two.tick()]);
        assert.deepEqual(ids(receiver).sort(), expected, 'each exactly once');

        // A process claims a delivery and dies before sending: due again after the lease.
        const redo = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/webhooks/${hook.id}/deliveries/${(await deliveries(setup, hook.id))[0]!.id}/redeliver`,
        );
        assert.equal(redo.statusCode, 202);
        const repos = createRepositories(setup.store.db);
        const [due] = await repos.webhookDeliveries.listDue(setup.ctx.now(), {
          perWebhook: 1,
          limit: 1,
          excludeWebhookIds: [],
        });
        const now = setup.ctx.now();
        assert.ok(
          await repos.webhookDeliveries.claim(due!.id, due!.next_attempt_at, now + MINUTE, now),
        );
        assert.equal(await one.tick(), 0, 'claimed by the dead process');
        setup.advance(MINUTE + 1);
        assert.equal(await one.tick(), 1, 'taken over after the lease');
        assert.equal(receiver.received.length, expected.length + 1);
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test('a condition that persists is delivered once, with one delivery per webhook', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      try {
        const hook = await createWebhook(setup, receiver.url, ['connection.needs_reauth']);
        const { id } = await connectThroughApi(setup, admin);
        revokeGrantsOfUser(running.emulator, org.id, admin.id);
        for (let i = 0; i < 3; i++) {
          await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`);
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/access-token`);
        }
        const view = (await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`)).json<{
          status: string;
        }>();
        assert.equal(view.status, 'needs_reauth');
        const dispatcher = dispatcherFor(setup);
        await dispatcher.tick();
        setup.advance(HOUR);
        await dispatcher.tick();
        assert.equal(receiver.received.length, 1);
        const body = JSON.parse(receiver.received[0]!.body) as EventData;
        assert.equal(body.type, 'connection.needs_reauth');
        assert.equal(body.data.reason, 'refresh_token_revoked');
        assert.equal((await deliveries(setup, hook.id)).length, 1);
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test("the background loop drains a backlog at the receiver's pace, not one batch per interval", async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      const dispatcher = dispatcherFor(setup, { intervalMs: 1000, perWebhook: 1 });
      try {
        await createWebhook(setup, receiver.url);
        await makeEvents(setup, 5);
        dispatcher.start();
        // One request at a time to this webhook: eleven in well under eleven intervals.
        await until(() => receiver.received.length === 11, 1_500, 'the backlog to drain');
        await makeEvents(setup, 0, 'Later');
        await until(() => receiver.received.length === 12, 2_000, 'a new event within an interval');
      } finally {
        await dispatcher.stop();
        await receiver.close();
        await setup.close();
      }
    });

    test('a plain-http loopback URL is not sent to once the insecure switch is off', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 0);
        const secure = new WebhookDispatcher({
          ...setup.ctx,
          config: { ...setup.ctx.config, allowInsecureLoopback: false },
        });
        assert.equal(await secure.tick(), 1);
        assert.equal(receiver.received.length, 0);
        const [d] = await deliveries(setup, hook.id);
        assert.equal(d!.state, 'pending');
        assert.match(d!.lastError!, /^url must use https/);
      } finally {
        await receiver.close();
        await setup.close();
      }
    });

    test('deleting a webhook drops its queued deliveries', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      try {
        const hook = await createWebhook(setup, receiver.url);
        await makeEvents(setup, 1);
        await setup.call(setup.a.apiKey, 'DELETE', `/api/v1/webhooks/${hook.id}`);
        assert.equal(await dispatcherFor(setup).tick(), 0);
        assert.equal(receiver.received.length, 0);
      } finally {
        await receiver.close();
        await setup.close();
      }
    });
  });
}

interface EventData {
  type: string;
  data: { reason?: string };
}
