/**
 * Health (issue 4): the background probe, manual checks, the API-limit watch, password expiry and
 * the integration-user advice, end to end against the emulator on both dialects.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  clearFaults,
  createUser,
  deactivateUser,
  exhaustApiLimit,
  injectFault,
  restoreApiLimit,
  setApiUsage,
} from '@orgbridge/salesforce-emulator';
import { OrgClient } from '../../src/connections/org-client.ts';
import { ProbeScheduler } from '../../src/connections/probe-scheduler.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, errorCode, openApi, type ApiSetup } from '../helpers/api.ts';

const running = await useSalesforce();
const { emulator } = running;
const INTERVAL = 15 * 60 * 1000;

interface HealthBody {
  status: string;
  statusReason: string | null;
  lastCheck: { ok: boolean; outcome: string; reason: string | null; trigger: string } | null;
  nextProbeAt: string | null;
  apiUsage: { used: number; max: number; percent: number; paused: boolean } | null;
  passwordExpiresAt: string | null;
  integrationUser: { kind: string; signals: string[]; warning: string | null };
  history: Array<{ ok: boolean; outcome: string }>;
}

function scheduler(setup: ApiSetup): ProbeScheduler {
  return new ProbeScheduler(
    {
      ctx: setup.ctx,
      tokens: setup.tokens,
      client: new OrgClient(setup.ctx, setup.tokens, { retryBaseMs: 5 }),
    },
    { intervalMs: INTERVAL, concurrency: 4 },
  );
}

async function health(setup: ApiSetup, id: string): Promise<HealthBody> {
  const response = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/health`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json<HealthBody>();
}

async function eventTypes(setup: ApiSetup, id: string): Promise<string[]> {
  const response = await setup.call(
    setup.a.apiKey,
    'GET',
    `/api/v1/events?connectionId=${id}&limit=1000`,
  );
  return response.json<{ events: Array<{ type: string }> }>().events.map((e) => e.type);
}

for (const dialect of DIALECTS) {
  describe(`health on ${dialect}`, () => {
    test('probes are spread over the interval, each connection probed once per turn', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++)
          ids.push((await connectThroughApi(setup, admin, { nickname: `C${i}` })).id);
        const probes = scheduler(setup);
        const start = setup.ctx.now();
        assert.equal(await probes.tick(), 0, 'first probes are placed in the future');
        const times = await setup.store.db
          .selectFrom('connection')
          .select(['id', 'next_probe_at'])
          .execute();
        for (const t of times) {
          const at = t.next_probe_at!;
          assert.ok(at >= start && at <= start + INTERVAL, `${at} not in [${start}, +interval]`);
        }
        assert.ok(new Set(times.map((t) => t.next_probe_at)).size > 1, 'spread, not all at once');
        setup.advance(INTERVAL + 1000);
        assert.equal(await probes.tick(), ids.length);
        assert.equal(await probes.tick(), 0, 'nothing is due twice in one turn');
        for (const id of ids) {
          const view = await health(setup, id);
          assert.equal(view.history.length, 1);
          assert.deepEqual([view.lastCheck?.ok, view.lastCheck?.trigger], [true, 'probe']);
          assert.ok(view.apiUsage && view.apiUsage.used > 0, 'usage read from Sforce-Limit-Info');
        }
        // The next turn keeps each connection's place: all due again one interval later. Two
        // schedulers (two processes, say) ticking at once split the turn: each probe runs once.
        setup.advance(INTERVAL);
        const [mine, theirs] = await Promise.all([probes.tick(), scheduler(setup).tick()]);
        assert.equal(mine + theirs, ids.length);
        for (const id of ids) assert.equal((await health(setup, id)).history.length, 2);
      } finally {
        await setup.close();
      }
    });

    test('a deactivated user is caught by the probe within one interval', async () => {
      const { org, app } = seedOrg(running);
      const person = createUser(emulator, org.id, {
        username: `leaver.${Date.now()}@acme.example`,
        profile: 'System Administrator',
      });
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, person);
        const probes = scheduler(setup);
        await probes.tick();
        deactivateUser(emulator, org.id, person.username);
        setup.advance(INTERVAL);
        await probes.tick();
        const view = await health(setup, id);
        assert.deepEqual([view.status, view.statusReason], ['needs_reauth', 'user_inactive']);
        assert.deepEqual(
          [view.lastCheck?.ok, view.lastCheck?.outcome, view.lastCheck?.reason],
          [false, 'needs_reauth', 'user_inactive'],
        );
        assert.ok((await eventTypes(setup, id)).includes('connection.needs_reauth'));
        assert.equal(view.nextProbeAt, null, 'only a person can fix it: no more probes');
      } finally {
        await setup.close();
      }
    });

    test('Salesforce down degrades the connection; the next good probe restores it, announced once', async (t) => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      t.after(() => clearFaults(emulator));
      try {
        const { id } = await connectThroughApi(setup, admin);
        const probes = scheduler(setup);
        await probes.tick();
        const fault = injectFault(emulator, {
          kind: 'status',
          status: 503,
          orgId: org.id,
          pathPrefix: '/services/data',
        });
        setup.advance(INTERVAL);
        await probes.tick();
        setup.advance(INTERVAL);
        await probes.tick();
        let view = await health(setup, id);
        assert.deepEqual([view.status, view.statusReason], ['degraded', 'salesforce_unavailable']);
        clearFaults(emulator, fault.id);
        setup.advance(INTERVAL);
        await probes.tick();
        view = await health(setup, id);
        assert.equal(view.status, 'active');
        assert.deepEqual(
          (await eventTypes(setup, id)).filter((e) => e !== 'connection.created'),
          ['connection.degraded', 'connection.restored'],
        );
        assert.deepEqual(
          view.history.map((h) => h.ok),
          [true, false, false],
        );
      } finally {
        await setup.close();
      }
    });

    test('POST health/check probes now; another workspace sees nothing', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const checked = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/health/check`,
        );
        assert.equal(checked.statusCode, 200, checked.body);
        const view = checked.json<HealthBody>();
        assert.deepEqual([view.lastCheck?.ok, view.lastCheck?.trigger], [true, 'manual']);
        assert.equal(view.integrationUser.kind, 'person');
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`);
        const limited = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/health?limit=1`,
        );
        assert.equal(limited.statusCode, 200, limited.body);
        assert.equal(limited.json<HealthBody>().history.length, 1);
        assert.match(view.integrationUser.warning ?? '', /leave the company/);
        const stranger = await setup.call(
          setup.b.apiKey,
          'POST',
          `/api/v1/connections/${id}/health/check`,
        );
        assert.equal(stranger.statusCode, 404);
        assert.equal(errorCode(stranger), 'CONNECTION_NOT_FOUND');
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        const disabled = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/health/check`,
        );
        assert.equal(disabled.statusCode, 409);
      } finally {
        await setup.close();
      }
    });

    test('API limit watch: warnings at 80 % and 95 % once each, pause at the ceiling, resume when the budget returns', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const max = emulator.requireOrg(org.id).settings.dailyApiRequests;
        const probes = scheduler(setup);
        await probes.tick();
        const check = () =>
          setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`);
        setApiUsage(emulator, org.id, Math.ceil(max * 0.81));
        await check();
        await check();
        setApiUsage(emulator, org.id, Math.ceil(max * 0.96));
        await check();
        let view = await health(setup, id);
        assert.ok(view.apiUsage!.percent >= 96);
        assert.equal(view.apiUsage!.paused, true, 'over the 90 % ceiling');
        const warnings = async () => {
          const response = await setup.call(
            setup.a.apiKey,
            'GET',
            `/api/v1/events?connectionId=${id}&limit=1000`,
          );
          return response
            .json<{ events: Array<{ type: string; data: { threshold: number } }> }>()
            .events.filter((e) => e.type === 'api_limit.warning')
            .map((e) => e.data.threshold);
        };
        assert.deepEqual(await warnings(), [80, 95]);

        // Exhausted: the org refuses every call; the connection is degraded, probes slow down.
        exhaustApiLimit(emulator, org.id);
        const due = (
          await setup.store.db
            .selectFrom('connection')
            .select('next_probe_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).next_probe_at!;
        setup.advance(due - setup.ctx.now() + 1);
        await probes.tick();
        view = await health(setup, id);
        assert.deepEqual([view.status, view.statusReason], ['degraded', 'api_limit_exceeded']);
        const nextProbe = Date.parse(view.nextProbeAt!);
        assert.ok(nextProbe - setup.ctx.now() >= 59 * 60 * 1000, 'paused: next probe in an hour');
        setup.advance(INTERVAL);
        assert.equal(await probes.tick(), 0, 'no probe inside the paused hour');

        // The budget returns (Salesforce counts a rolling day): the next probe resumes all.
        restoreApiLimit(emulator, org.id);
        setup.advance(60 * 60 * 1000);
        assert.equal(await probes.tick(), 1);
        view = await health(setup, id);
        assert.equal(view.status, 'active');
        assert.equal(view.apiUsage!.paused, false);
        assert.ok((await eventTypes(setup, id)).includes('connection.restored'));
        assert.deepEqual(await warnings(), [80, 95], 'no repeat while usage was high');
      } finally {
        await setup.close();
      }
    });
  });
}
