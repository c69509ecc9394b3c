/**
 * The embedded pull scheduler (issue 5): due mappings pulled each tick, never two runs of one
 * mapping at once, paused connections left where they are, and a catch-up at once after
 * re-authorization or enable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { revokeGrantsOfUser, seedRecords } from '@orgbridge/salesforce-emulator';
import { OrgClient } from '../../src/connections/org-client.ts';
import { SyncScheduler } from '../../src/sync/sync-scheduler.ts';
import { createRepositories } from '../../src/store/repositories.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import {
  connectThroughApi,
  openApi,
  reauthorizeThroughApi,
  type ApiSetup,
} from '../helpers/api.ts';

const running = await useSalesforce();
const { emulator } = running;
const INTERVAL = 30_000;

function scheduler(setup: ApiSetup, holderId = 'sched') {
  return new SyncScheduler(
    { ctx: setup.ctx, tokens: setup.tokens, client: new OrgClient(setup.ctx, setup.tokens) },
    { holderId, intervalMs: INTERVAL },
  );
}

for (const dialect of DIALECTS) {
  describe(`pull scheduler on ${dialect}`, () => {
    test('due mappings run once per interval; one run per mapping at a time', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 30);
      seedRecords(emulator, org.id, 'Contact', 30);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account' }, { object: 'Contact' }],
        });
        const pulls = scheduler(setup);
        const first = await pulls.tick();
        assert.deepEqual(
          first.map((o) => o.kind),
          ['completed', 'completed'],
        );
        assert.deepEqual(await pulls.tick(), [], 'not due again before the interval');
        setup.advance(INTERVAL + 1);
        assert.equal((await pulls.tick()).length, 2);

        // A lease held by another process (a run in progress there) keeps this one out.
        const repos = createRepositories(setup.ctx.db);
        const [mapping] = await repos.sync.listMappings(id);
        const now = setup.ctx.now();
        assert.ok(await repos.sync.acquireRun(mapping!.id, 'other-process', now, now + 60_000));
        assert.equal(await repos.sync.acquireRun(mapping!.id, 'sched', now, now + 60_000), false);
        setup.advance(INTERVAL + 1);
        assert.equal((await pulls.tick()).length, 1, 'only the mapping nobody else is running');
      } finally {
        await setup.close();
      }
    });

    test('a connection that needs re-authorization waits; re-authorized, it catches up at once', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 40);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account' }],
        });
        const pulls = scheduler(setup);
        await pulls.tick();
        revokeGrantsOfUser(emulator, org.id, admin.id);
        setup.advance(3 * 3600 * 1000);
        const broken = await pulls.tick();
        assert.deepEqual(broken, [{ kind: 'paused', reason: 'needs_reauth' }]);
        setup.advance(INTERVAL + 1);
        assert.deepEqual(await pulls.tick(), [], 'needs_reauth: not picked');
        seedRecords(emulator, org.id, 'Account', 5);
        const params = await reauthorizeThroughApi(setup, id, admin);
        await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        const caughtUp = await pulls.tick();
        assert.equal(caughtUp[0]?.kind, 'completed', 'at once, without waiting for the interval');

        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        setup.advance(INTERVAL + 1);
        assert.deepEqual(await pulls.tick(), [], 'disabled: not picked');
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/enable`);
        assert.equal((await pulls.tick())[0]?.kind, 'completed');
      } finally {
        await setup.close();
      }
    });
  });
}
