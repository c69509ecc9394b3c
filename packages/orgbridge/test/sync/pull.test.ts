/**
 * Pull sync (issue 5), end to end against the emulator on both dialects: initial load and
 * incremental pulls through REST queryAll, deletes and undeletes, the change feed, a field added
 * in Salesforce, records changed during a long load, revocation and API-limit exhaustion in the
 * middle of a load. Every test ends by reconciling the local records against the emulator.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addCustomField,
  createCustomObject,
  deleteRecordAs,
  exhaustApiLimit,
  restoreApiLimit,
  revokeGrantsOfUser,
  seedRecords,
  undeleteRecordAs,
  updateRecordAs,
  type RunningEmulator,
} from '@orgbridge/salesforce-emulator';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { OrgClient } from '../../src/connections/org-client.ts';
import { TokenService } from '../../src/connections/token-service.ts';
import { runPull } from '../../src/sync/pull-engine.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import {
  connectThroughApi,
  errorCode,
  openApi,
  reauthorizeThroughApi,
  type ApiSetup,
} from '../helpers/api.ts';

const running = await useSalesforce();
const { emulator } = running;

interface Change {
  cursor: string;
  operation: string;
  id: string;
  record: Record<string, unknown>;
}

/** Every record of the object in the emulator, deleted ones included: Id → [modstamp, deleted]. */
function emulatorState(r: RunningEmulator, orgId: string, object: string) {
  const table = r.emulator.requireOrg(orgId).tables.get(object);
  const state = new Map<string, [string, boolean]>();
  const stamp = (record: Record<string, unknown>) =>
    new Date(
      Date.parse(String(record.SystemModstamp).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')),
    ).toISOString();
  for (const record of table?.rows.values() ?? []) state.set(record.Id, [stamp(record), false]);
  for (const { record } of table?.recycleBin.values() ?? [])
    state.set(record.Id, [stamp(record), true]);
  return state;
}

/** Asserts that the local records are exactly the emulator's: nothing lost, nothing extra. */
async function reconcile(setup: ApiSetup, connectionId: string, orgId: string, object: string) {
  const rows = await setup.store.db
    .selectFrom('synced_record')
    .select(['record_id', 'system_modstamp', 'is_deleted'])
    .where('connection_id', '=', connectionId)
    .where('object', '=', object)
    .execute();
  const local = new Map(rows.map((r) => [r.record_id, [r.system_modstamp, r.is_deleted === 1]]));
  const remote = emulatorState(running, orgId, object);
  assert.equal(local.size, remote.size, 'same number of records');
  for (const [id, state] of remote) assert.deepEqual(local.get(id), state, id);
}

async function feed(setup: ApiSetup, id: string, object: string, cursor = '', limit = 500) {
  const all: Change[] = [];
  for (;;) {
    const response = await setup.call(
      setup.a.apiKey,
      'GET',
      `/api/v1/connections/${id}/objects/${object}/changes?cursor=${cursor}&limit=${limit}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json<{ changes: Change[]; nextCursor: string; hasMore: boolean }>();
    all.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) return { changes: all, cursor };
  }
}

/** Pull services over a context whose fetch runs `hook` before each query page is sent. */
function pullServices(setup: ApiSetup, hook: (url: string) => void = () => undefined) {
  const ctx: ConnectionsContext = {
    ...setup.ctx,
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      // Only the keyset pages (the load's COUNT() comes first and is not a page).
      if (url.includes('/queryAll') && decodeURIComponent(url).includes('ORDER BY')) hook(url);
      return setup.ctx.fetch(input, init);
    },
  };
  const tokens = new TokenService(ctx, { holderId: 'pull-test', retryBaseMs: 5 });
  return { ctx, tokens, client: new OrgClient(ctx, tokens, { retryBaseMs: 5 }) };
}

async function mappingId(setup: ApiSetup, connectionId: string, object: string) {
  const view = (await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${connectionId}/sync`))
    .json<{ mappings: Array<{ id: string; object: string }> }>()
    .mappings.find((m) => m.object === object);
  return view!.id;
}

for (const dialect of DIALECTS) {
  describe(`pull sync on ${dialect}`, () => {
    test('initial load, incremental changes, deletes and undeletes, through the change feed', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 250);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const mapped = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/mappings`,
          {
            mappings: [{ object: 'Account', fields: ['Name', 'Industry'] }],
          },
        );
        assert.equal(mapped.statusCode, 200, mapped.body);
        const ran = await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        assert.equal(ran.statusCode, 200, ran.body);
        const view = ran.json<{ mappings: Array<{ phase: string; records: number }> }>()
          .mappings[0]!;
        const live = [...emulatorState(running, org.id, 'Account').values()].filter((s) => !s[1]);
        assert.deepEqual([view.phase, view.records], ['incremental', live.length]);
        await reconcile(setup, id, org.id, 'Account');

        const first = await feed(setup, id, 'Account', '', 100);
        assert.equal(first.changes.length, live.length);
        assert.equal(new Set(first.changes.map((c) => c.id)).size, live.length, 'each record once');
        assert.ok(first.changes.every((c) => c.operation === 'upsert' && 'Name' in c.record));

        // Changes in Salesforce: two updates and a delete.
        const [a, b, c] = first.changes.map((ch) => ch.id);
        updateRecordAs(emulator, org.id, a!, { Industry: 'Energy' }, admin.username);
        updateRecordAs(emulator, org.id, b!, { Name: 'Renamed' }, admin.username);
        deleteRecordAs(emulator, org.id, c!, admin.username);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const next = await feed(setup, id, 'Account', first.cursor);
        assert.deepEqual(
          next.changes.map((ch) => [ch.id, ch.operation]).sort(),
          [
            [a, 'upsert'],
            [b, 'upsert'],
            [c, 'delete'],
          ].sort(),
        );
        assert.equal(next.changes.find((ch) => ch.id === b)!.record.Name, 'Renamed');

        // Nothing changed: nothing new in the feed (the overlap window re-reads, never re-emits).
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        assert.deepEqual((await feed(setup, id, 'Account', next.cursor)).changes, []);

        undeleteRecordAs(emulator, org.id, c!, admin.username);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const back = await feed(setup, id, 'Account', next.cursor);
        assert.deepEqual(
          back.changes.map((ch) => [ch.id, ch.operation]),
          [[c, 'upsert']],
        );
        await reconcile(setup, id, org.id, 'Account');
        const events = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}`)
        ).json<{ events: Array<{ type: string }> }>().events;
        assert.equal(
          events.filter((e) => e.type === 'sync.completed').length,
          1,
          'the initial load',
        );
      } finally {
        await setup.close();
      }
    });

    test('a large first load goes through one Bulk API job; changes during it are read after', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 400);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account', fields: ['Name', 'NumberOfEmployees', 'AnnualRevenue'] }],
        });
        const ids = [...emulatorState(running, org.id, 'Account').keys()];
        let changedDuringJob = false;
        const services = pullServices(setup);
        const ctx = {
          ...services.ctx,
          fetch: ((input, init) => {
            const url =
              typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
            if (url.includes('/jobs/query/') && url.includes('/results') && !changedDuringJob) {
              changedDuringJob = true;
              updateRecordAs(
                emulator,
                org.id,
                ids[5]!,
                { Name: 'Changed during the job' },
                admin.username,
              );
            }
            return services.ctx.fetch(input, init);
          }) as typeof fetch,
        };
        const tokens = new TokenService(ctx, { holderId: 'bulk' });
        const outcome = await runPull(
          { ctx, tokens, client: new OrgClient(ctx, tokens) },
          await mappingId(setup, id, 'Account'),
          { holderId: 'bulk', bulkThreshold: 100, bulkPollMs: 10 },
        );
        assert.equal(outcome.kind, 'completed');
        assert.ok(
          setup.outbound.some((r) => r.method === 'POST' && r.url.endsWith('/jobs/query')),
          'a Bulk query job was created',
        );
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/sync`)
        ).json<{ mappings: Array<{ records: number }> }>().mappings[0]!;
        assert.equal(view.records, ids.length);
        await reconcile(setup, id, org.id, 'Account');
        const changes = (await feed(setup, id, 'Account')).changes;
        const changed = changes.find((c) => c.id === ids[5]);
        assert.equal(changed?.record.Name, 'Changed during the job');
        const typed = changes.find((c) => c.record.NumberOfEmployees !== null);
        if (typed) assert.equal(typeof typed.record.NumberOfEmployees, 'number');
        assert.equal(typeof changes[0]!.record.IsDeleted, 'boolean', 'typed like REST');
      } finally {
        await setup.close();
      }
    });

    test('an object Bulk does not serve falls back to REST', async () => {
      const { org, admin, app } = seedOrg(running);
      createCustomObject(emulator, org.id, { name: 'Invoice__c', bulkSupported: false });
      seedRecords(emulator, org.id, 'Invoice__c', 120);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Invoice__c' }],
        });
        const outcome = await runPull(
          pullServices(setup),
          await mappingId(setup, id, 'Invoice__c'),
          {
            holderId: 'fallback',
            bulkThreshold: 50,
            bulkPollMs: 10,
          },
        );
        assert.equal(outcome.kind, 'completed');
        await reconcile(setup, id, org.id, 'Invoice__c');
      } finally {
        await setup.close();
      }
    });

    test('after a pause longer than the 15-day delete window, reconciliation by Id finds the deletes', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Lead', 60);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Lead' }],
        });
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const first = await feed(setup, id, 'Lead');
        const gone = first.changes[7]!.id;
        deleteRecordAs(emulator, org.id, gone, admin.username);
        // Paused (say, disabled) for 16 days: Salesforce no longer shows the delete anywhere.
        setup.advance(16 * 86_400_000, { emulatorToo: true });
        const listed = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/queryAll?q=${encodeURIComponent(`SELECT Id FROM Lead WHERE Id = '${gone}'`)}`,
        );
        assert.equal(listed.json<{ totalSize: number }>().totalSize, 0, 'purged at Salesforce');
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const after = await feed(setup, id, 'Lead', first.cursor);
        assert.deepEqual(
          after.changes.map((c) => [c.id, c.operation]),
          [[gone, 'delete']],
        );
        const live = await setup.store.db
          .selectFrom('synced_record')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('connection_id', '=', id)
          .where('object', '=', 'Lead')
          .where('is_deleted', '=', 0)
          .executeTakeFirstOrThrow();
        const remoteLive = [...emulatorState(running, org.id, 'Lead').values()].filter(
          (v) => !v[1],
        );
        assert.equal(Number(live.n), remoteLive.length);
      } finally {
        await setup.close();
      }
    });

    test('records changed while a long initial load pages are not missed', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 300);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account' }],
        });
        const ids = [...emulatorState(running, org.id, 'Account').keys()];
        let pages = 0;
        const services = pullServices(setup, () => {
          pages++;
          if (pages === 3) {
            // Between pages: change records already read and records not read yet.
            for (const target of [ids[0]!, ids[10]!, ids[150]!, ids[290]!])
              updateRecordAs(emulator, org.id, target, { Industry: 'Banking' }, admin.username);
          }
        });
        const outcome = await runPull(services, await mappingId(setup, id, 'Account'), {
          holderId: 'long-load',
          pageSize: 50,
        });
        assert.equal(outcome.kind, 'completed');
        assert.ok(pages > 6, `paged ${pages} times`);
        await reconcile(setup, id, org.id, 'Account');
      } finally {
        await setup.close();
      }
    });

    test('a field added in Salesforce is picked up; a field that disappears is reported, not crashed on', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Contact', 20);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        addCustomField(emulator, org.id, 'Contact', { name: 'Doomed__c', type: 'string' });
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Contact' }, { object: 'Account', fields: ['Name', 'Industry'] }],
        });
        const unknownField = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/mappings`,
          { mappings: [{ object: 'Account', fields: ['Nope__c'] }] },
        );
        assert.equal(unknownField.statusCode, 400);
        assert.equal(errorCode(unknownField), 'VALIDATION_FAILED');
        const unknownObject = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/mappings`,
          { mappings: [{ object: 'Invoice__c' }] },
        );
        assert.equal(unknownObject.statusCode, 400);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);

        addCustomField(emulator, org.id, 'Contact', { name: 'Tier__c', type: 'string' });
        const contact = [...emulatorState(running, org.id, 'Contact').keys()][0]!;
        updateRecordAs(emulator, org.id, contact, { Tier__c: 'Gold' }, admin.username);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const changes = (await feed(setup, id, 'Contact')).changes;
        assert.equal(changes.find((c) => c.id === contact)!.record.Tier__c, 'Gold');

        // A mapped field removed in Salesforce: reported; the sync goes on without it.
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Contact', fields: ['LastName', 'Doomed__c'] }],
        });
        const { removeField } = await import('@orgbridge/salesforce-emulator');
        removeField(emulator, org.id, 'Contact', 'Doomed__c');
        const ran = await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const view = ran
          .json<{
            mappings: Array<{ object: string; missingFields: string[]; lastError: string | null }>;
          }>()
          .mappings.find((m) => m.object === 'Contact')!;
        assert.deepEqual([view.missingFields, view.lastError], [['Doomed__c'], null]);
      } finally {
        await setup.close();
      }
    });

    test('revoked in the middle of a load: paused where it was, resumed after re-authorization', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 200);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account' }],
        });
        let pages = 0;
        const services = pullServices(setup, () => {
          if (++pages === 2) revokeGrantsOfUser(emulator, org.id, admin.id);
        });
        const map = await mappingId(setup, id, 'Account');
        const paused = await runPull(services, map, { holderId: 'revoked', pageSize: 50 });
        assert.deepEqual(paused, { kind: 'paused', reason: 'needs_reauth' });
        const state = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/sync`)
        ).json<{ mappings: Array<{ records: number; runRecords: number; phase: string }> }>()
          .mappings[0]!;
        assert.deepEqual(
          [state.phase, state.runRecords],
          ['initial', 50],
          'the first page is kept',
        );

        const params = await reauthorizeThroughApi(setup, id, admin);
        await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        const resumed = await runPull(pullServices(setup), map, {
          holderId: 'resumed',
          pageSize: 50,
        });
        assert.equal(resumed.kind, 'completed');
        await reconcile(setup, id, org.id, 'Account');
        const changes = (await feed(setup, id, 'Account')).changes;
        assert.equal(new Set(changes.map((c) => c.id)).size, changes.length, 'no duplicates');
      } finally {
        await setup.close();
      }
    });

    test('API limit exhausted mid-run: paused, not reported as success; resumed when the budget returns', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 200);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account' }],
        });
        let pages = 0;
        const services = pullServices(setup, () => {
          if (++pages === 2) exhaustApiLimit(emulator, org.id);
        });
        const map = await mappingId(setup, id, 'Account');
        const outcome = await runPull(services, map, { holderId: 'limit', pageSize: 50 });
        assert.deepEqual(outcome, { kind: 'paused', reason: 'api_limit_exceeded' });
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/sync`)
        ).json<{ mappings: Array<{ phase: string; lastSuccessAt: string | null }> }>().mappings[0]!;
        assert.deepEqual([view.phase, view.lastSuccessAt], ['initial', null]);
        restoreApiLimit(emulator, org.id);
        const resumed = await runPull(pullServices(setup), map, {
          holderId: 'limit2',
          pageSize: 50,
        });
        assert.equal(resumed.kind, 'completed');
        await reconcile(setup, id, org.id, 'Account');
      } finally {
        await setup.close();
      }
    });
  });
}
