import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revokeGrantsOfUser } from '@orgbridge/salesforce-emulator';
import { isAppError } from '../../src/errors.ts';
import { connectThroughApi, errorCode, openApi, type ApiSetup } from '../helpers/api.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { DIALECTS } from '../helpers/databases.ts';

const running = await useSalesforce();
const TWO_HOURS = 2 * 3600 * 1000;

/** The samples of a Prometheus text exposition, keyed `name{label="v",…}` as printed. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

async function scrape(setup: ApiSetup): Promise<{ text: string; samples: Map<string, number> }> {
  const response = await setup.call(null, 'GET', '/metrics');
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^text\/plain/);
  return { text: response.body, samples: parse(response.body) };
}

for (const dialect of DIALECTS) {
  describe(`metrics on ${dialect}`, () => {
    test('connections, due work, outbox, refreshes and sync lag follow real state; no secret shows', async () => {
      const { admin, app, org } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const empty = (await scrape(setup)).samples;
        assert.equal(empty.get('orgbridge_connections{status="active"}'), 0);
        assert.equal(empty.get('orgbridge_refreshes_total{outcome="refreshed"}'), 0);
        assert.ok(empty.has('orgbridge_process_resident_memory_bytes'), 'default process metrics');

        const { id } = await connectThroughApi(setup, admin);
        const mapped = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/mappings`,
          {
            mappings: [{ object: 'Account' }],
          },
        );
        assert.equal(mapped.statusCode, 200, mapped.body);
        const connected = (await scrape(setup)).samples;
        assert.equal(connected.get('orgbridge_connections{status="active"}'), 1);
        const lagKey = [...connected.keys()].find(
          (k) => k.startsWith('orgbridge_sync_lag_seconds{') && k.includes('object="Account"'),
        );
        assert.ok(lagKey?.includes(`connection_id="${id}"`), 'a lag per pull mapping');

        const queued = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/objects/Account/writes`,
          { writes: [1, 2, 3].map((n) => ({ operation: 'insert', fields: { Name: `M${n}` } })) },
        );
        assert.equal(queued.statusCode, 202);
        setup.advance(60_000);
        const later = await scrape(setup);
        assert.equal(later.samples.get('orgbridge_outbox_writes{state="pending"}'), 3);
        assert.equal(later.samples.get('orgbridge_queue_due{kind="push"}'), 1);
        assert.ok(
          later.samples.get(lagKey!)! >= connected.get(lagKey!)! + 60,
          'the lag grows with the clock',
        );

        // An expired session: one refresh, counted.
        setup.advance(TWO_HOURS + 60_000, { emulatorToo: true });
        await setup.tokens.getAccessToken(setup.a.id, id);
        const refreshed = (await scrape(setup)).samples;
        assert.equal(refreshed.get('orgbridge_refreshes_total{outcome="refreshed"}'), 1);

        // Revoked at Salesforce: the refresh fails as needs_reauth, and the status moves.
        revokeGrantsOfUser(running.emulator, org.id, admin.id);
        setup.advance(TWO_HOURS + 60_000, { emulatorToo: true });
        await assert.rejects(setup.tokens.getAccessToken(setup.a.id, id), (error) =>
          isAppError(error, 'REAUTH_REQUIRED'),
        );
        const broken = await scrape(setup);
        assert.equal(broken.samples.get('orgbridge_refreshes_total{outcome="needs_reauth"}'), 1);
        assert.equal(broken.samples.get('orgbridge_connections{status="needs_reauth"}'), 1);
        assert.equal(broken.samples.get('orgbridge_connections{status="active"}'), 0);
        assert.equal(broken.samples.get('orgbridge_queue_due{kind="push"}'), 0, 'writes wait');

        for (const secret of [setup.a.apiKey, setup.b.apiKey, app.consumerSecret, admin.password])
          assert.ok(!broken.text.includes(secret), 'no secret in /metrics');
      } finally {
        await setup.close();
      }
    });

    test('with a metrics token, /metrics wants that token and no other', async () => {
      const { app } = seedOrg(running);
      const token = 'metrics-token-0123456789abcdef';
      const setup = await openApi(dialect, running, app, { metricsToken: token });
      try {
        const none = await setup.call(null, 'GET', '/metrics');
        assert.equal(none.statusCode, 401);
        assert.equal(errorCode(none), 'UNAUTHENTICATED');
        const apiKey = await setup.call(setup.a.apiKey, 'GET', '/metrics');
        assert.equal(apiKey.statusCode, 401);
        const right = await setup.call(token, 'GET', '/metrics');
        assert.equal(right.statusCode, 200);
        assert.ok(parse(right.body).has('orgbridge_connections{status="active"}'));
      } finally {
        await setup.close();
      }
    });
  });
}
