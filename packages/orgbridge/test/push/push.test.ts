/**
 * Push sync (issue 6), end to end against the emulator on both dialects: writes of every kind
 * through the API and their per-record results, thousands of writes across a revocation and a
 * re-authorization (each delivered once, in order per record), Bulk ingest for large groups,
 * no echo of orgbridge's own writes in the change feed, and conflicts with Salesforce-side edits.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addCustomField,
  revokeGrantsOfUser,
  seedRecords,
  updateRecordAs,
} from '@orgbridge/salesforce-emulator';
import { OrgClient } from '../../src/connections/org-client.ts';
import { TokenService } from '../../src/connections/token-service.ts';
import type { ConnectionsContext } from '../../src/connections/connections-context.ts';
import { runPull } from '../../src/sync/pull-engine.ts';
import { runPush, type PushOptions } from '../../src/sync/push-engine.ts';
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

interface WriteView {
  id: string;
  state: string;
  recordId: string | null;
  attempts: number;
  result: { id: string | null; created: boolean } | null;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
  conflict: Record<string, unknown> | null;
}

function services(setup: ApiSetup, hook: (method: string, url: string) => void = () => undefined) {
  const ctx: ConnectionsContext = {
    ...setup.ctx,
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      hook(init?.method ?? 'GET', url);
      return setup.ctx.fetch(input, init);
    },
  };
  const tokens = new TokenService(ctx, { holderId: 'push-test', retryBaseMs: 5 });
  return { ctx, tokens, client: new OrgClient(ctx, tokens, { retryBaseMs: 5 }) };
}

async function enqueue(setup: ApiSetup, id: string, object: string, writes: unknown[]) {
  const response = await setup.call(
    setup.a.apiKey,
    'POST',
    `/api/v1/connections/${id}/objects/${object}/writes`,
    { writes },
  );
  assert.equal(response.statusCode, 202, response.body);
  return response.json<{ writes: WriteView[] }>().writes;
}

async function write(setup: ApiSetup, id: string, writeId: string) {
  const response = await setup.call(
    setup.a.apiKey,
    'GET',
    `/api/v1/connections/${id}/writes/${writeId}`,
  );
  assert.equal(response.statusCode, 200, response.body);
  return response.json<WriteView>();
}

async function push(
  setup: ApiSetup,
  id: string,
  options: Partial<PushOptions> = {},
  hook?: (m: string, u: string) => void,
) {
  return runPush(services(setup, hook), id, { holderId: 'push-test', ...options });
}

function record(orgId: string, object: string, id: string) {
  return emulator.requireOrg(orgId).tables.get(object)?.rows.get(id);
}

async function events(setup: ApiSetup, type: string) {
  const response = await setup.call(setup.a.apiKey, 'GET', '/api/v1/events?limit=1000');
  return response
    .json<{ events: Array<{ type: string; data: Record<string, unknown> }> }>()
    .events.filter((e) => e.type === type);
}

for (const dialect of DIALECTS) {
  describe(`push sync on ${dialect}`, () => {
    test('every kind of write, with per-record results and Salesforce errors', async () => {
      const { org, admin, app } = seedOrg(running);
      const seeded = seedRecords(emulator, org.id, 'Account', 3);
      addCustomField(emulator, org.id, 'Account', {
        name: 'Ext__c',
        type: 'string',
        externalId: true,
        unique: true,
      });
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const [a, b, c] = [...emulator.requireOrg(org.id).tables.get('Account')!.rows.keys()];
        assert.ok(seeded && a && b && c);
        const queued = await enqueue(setup, id, 'Account', [
          { operation: 'insert', fields: { Name: 'Inserted', Industry: 'Energy' } },
          { operation: 'insert', fields: { Industry: 'No name' } },
          { operation: 'update', id: a, fields: { Name: 'Updated A' } },
          {
            operation: 'upsert',
            externalIdField: 'Ext__c',
            externalId: 'X-1',
            fields: { Name: 'Upserted' },
          },
          { operation: 'delete', id: b },
          { operation: 'update', id: c, fields: { NumberOfEmployees: 'many' } },
        ]);
        assert.deepEqual(
          queued.map((w) => w.state),
          Array(6).fill('pending'),
        );
        const outcome = await push(setup, id);
        assert.deepEqual(outcome, { kind: 'completed', delivered: 4, failed: 2, retrying: 0 });

        const [inserted, noName, updated, upserted, deleted, badValue] = await Promise.all(
          queued.map((w) => write(setup, id, w.id)),
        );
        assert.equal(inserted!.state, 'succeeded');
        assert.equal(inserted!.result?.created, true);
        assert.equal(record(org.id, 'Account', inserted!.result.id!)?.Name, 'Inserted');
        assert.equal(noName!.state, 'failed');
        assert.equal(noName!.errors[0]?.statusCode, 'REQUIRED_FIELD_MISSING');
        assert.equal(updated!.state, 'succeeded');
        assert.equal(record(org.id, 'Account', a)?.Name, 'Updated A');
        assert.equal(upserted!.result?.created, true);
        assert.equal(record(org.id, 'Account', upserted!.result.id!)?.Ext__c, 'X-1');
        assert.equal(deleted!.state, 'succeeded');
        assert.equal(record(org.id, 'Account', b), undefined);
        assert.equal(badValue!.state, 'failed');
        assert.ok(badValue!.errors[0]?.message, 'Salesforce words kept');

        // One event per call: the insert and the update travelled in two.
        const failed = await events(setup, 'write.failed');
        assert.equal(failed.length, 2);
        const named = failed.flatMap((e) =>
          (e.data.writes as Array<{ writeId: string }>).map((w) => w.writeId),
        );
        assert.deepEqual(named.sort(), [noName!.id, badValue!.id].sort());

        // Bad input: a clear 400 with a stable code, and nothing queued.
        for (const writes of [
          [{ operation: 'update', fields: { Name: 'x' } }],
          [{ operation: 'update', id: 'not-an-id', fields: { Name: 'x' } }],
          [{ operation: 'insert', fields: { Id: a, Name: 'x' } }],
          [{ operation: 'merge', fields: {} }],
          [],
        ]) {
          const response = await setup.call(
            setup.a.apiKey,
            'POST',
            `/api/v1/connections/${id}/objects/Account/writes`,
            { writes },
          );
          assert.equal(response.statusCode, 400, JSON.stringify(writes));
          assert.equal(errorCode(response), 'VALIDATION_FAILED');
        }
        const other = await setup.call(
          setup.b.apiKey,
          'POST',
          `/api/v1/connections/${id}/objects/Account/writes`,
          {
            writes: [{ operation: 'insert', fields: { Name: 'x' } }],
          },
        );
        assert.equal(other.statusCode, 404);
        const missing = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/writes/wr_nope`,
        );
        assert.equal(errorCode(missing), 'NOT_FOUND');
      } finally {
        await setup.close();
      }
    });

    test('thousands of writes across a revocation and re-authorization: each once, in order per record', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Contact', 40);
      addCustomField(emulator, org.id, 'Contact', {
        name: 'Orgbridge_Write_Id__c',
        type: 'string',
        externalId: true,
        unique: true,
      });
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const ids = [...emulator.requireOrg(org.id).tables.get('Contact')!.rows.keys()];
        // 40 records updated 50 times each, interleaved, plus 500 inserts: 2,500 writes.
        const writes: unknown[] = [];
        for (let round = 0; round < 50; round += 1)
          for (const recordId of ids)
            writes.push({ operation: 'update', id: recordId, fields: { Title: `v${round}` } });
        for (let i = 0; i < 500; i += 1)
          writes.push({ operation: 'insert', fields: { LastName: `New ${i}` } });
        const first = await enqueue(setup, id, 'Contact', writes.slice(0, 1500));

        // Every value each record is sent, in the order sent.
        const sent = new Map<string, string[]>();
        const watch = () => {
          let calls = 0;
          return (method: string, url: string) => {
            if (method === 'PATCH' && url.includes('/composite/sobjects') && ++calls === 4)
              revokeGrantsOfUser(emulator, org.id, admin.id);
          };
        };
        const recordSent = () => {
          for (const request of setup.outbound.splice(0))
            if (
              request.method === 'PATCH' &&
              request.url.endsWith('/composite/sobjects') &&
              request.body
            ) {
              const body = JSON.parse(request.body) as {
                records: Array<{ id: string; Title: string }>;
              };
              for (const r of body.records) sent.set(r.id, [...(sent.get(r.id) ?? []), r.Title]);
            }
        };
        setup.outbound.splice(0);
        const paused = await push(setup, id, {}, watch());
        assert.deepEqual(paused, { kind: 'paused', reason: 'needs_reauth' });
        // While the connection needs re-authorization, writes keep coming in.
        const second = await enqueue(setup, id, 'Contact', writes.slice(1500));
        const idle = await push(setup, id);
        assert.equal(idle.kind, 'paused');

        const params = await reauthorizeThroughApi(setup, id, admin);
        await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        const done = await push(setup, id);
        assert.equal(done.kind, 'completed');
        recordSent();

        const all = [...first, ...second];
        const views = await Promise.all(all.map((w) => write(setup, id, w.id)));
        assert.deepEqual(new Set(views.map((v) => v.state)), new Set(['succeeded']));
        for (const recordId of ids) {
          assert.equal(record(org.id, 'Contact', recordId)?.Title, 'v49', 'the last write wins');
          // Sent once each, in the order accepted (a call refused by the revocation sent nothing).
          const values = sent.get(recordId)!;
          const accepted = values.filter((v, i) => values.indexOf(v) === i);
          assert.deepEqual(
            accepted,
            Array.from({ length: 50 }, (_, i) => `v${i}`),
          );
        }
        const created = [
          ...emulator.requireOrg(org.id).tables.get('Contact')!.rows.values(),
        ].filter((r) => String(r.LastName).startsWith('New '));
        assert.equal(created.length, 500, 'no insert lost or duplicated');
        assert.equal(new Set(created.map((r) => r.Orgbridge_Write_Id__c)).size, 500);
      } finally {
        await setup.close();
      }
    });

    test('a large group goes through one Bulk ingest job, with per-record results', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 300);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const ids = [...emulator.requireOrg(org.id).tables.get('Account')!.rows.keys()];
        const queued = await enqueue(
          setup,
          id,
          'Account',
          ids.map((recordId, i) => ({
            operation: 'update',
            id: recordId,
            fields: i === 7 ? { Name: null } : { Industry: 'Bulk', Description: null },
          })),
        );
        setup.outbound.splice(0);
        const outcome = await push(setup, id, { bulkThreshold: 100, bulkPollMs: 20 });
        assert.deepEqual(outcome, { kind: 'completed', delivered: 299, failed: 1, retrying: 0 });
        assert.ok(setup.outbound.some((r) => r.url.includes('/jobs/ingest')));
        assert.ok(!setup.outbound.some((r) => r.url.includes('/composite/sobjects')));
        assert.equal(record(org.id, 'Account', ids[0]!)?.Industry, 'Bulk');
        const bad = await write(setup, id, queued[7]!.id);
        assert.equal(bad.state, 'failed');
        assert.equal(bad.errors[0]?.statusCode, 'REQUIRED_FIELD_MISSING');
      } finally {
        await setup.close();
      }
    });

    test("orgbridge's own writes are not reported back as Salesforce changes", async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 5);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [{ object: 'Account', fields: ['Name', 'Industry'], direction: 'both' }],
        });
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const feed = async (cursor: string) =>
          (
            await setup.call(
              setup.a.apiKey,
              'GET',
              `/api/v1/connections/${id}/objects/Account/changes?cursor=${cursor}`,
            )
          ).json<{
            changes: Array<{ id: string; record: Record<string, unknown> }>;
            nextCursor: string;
          }>();
        const start = (await feed('')).nextCursor;
        const [a, b] = [...emulator.requireOrg(org.id).tables.get('Account')!.rows.keys()];
        const queued = await enqueue(setup, id, 'Account', [
          { operation: 'update', id: a, fields: { Industry: 'Echo' } },
          { operation: 'insert', fields: { Name: 'Made by the host' } },
        ]);
        assert.equal((await push(setup, id)).kind, 'completed');
        // Someone in Salesforce edits another record.
        updateRecordAs(emulator, org.id, b!, { Industry: 'Real change' }, admin.id);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        const changes = (await feed(start)).changes;
        assert.deepEqual(
          changes.map((c) => c.id),
          [b],
          'only the Salesforce-side change',
        );
        const stored = await setup.store.db
          .selectFrom('synced_record')
          .select(['record_id', 'data'])
          .where('connection_id', '=', id)
          .execute();
        const inserted = (await write(setup, id, queued[1]!.id)).result!.id!;
        assert.ok(
          stored.some((r) => r.record_id === inserted),
          'the echo is stored, just not announced',
        );
        assert.ok(stored.some((r) => r.record_id === a && r.data.includes('Echo')));

        // A Salesforce edit on top of orgbridge's write is a change again.
        updateRecordAs(emulator, org.id, a!, { Name: 'Edited after the push' }, admin.id);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/sync`);
        assert.deepEqual((await feed(start)).changes.map((c) => c.id).sort(), [a, b].sort());
      } finally {
        await setup.close();
      }
    });

    test('conflicts: last writer wins field by field, or the write is rejected', async () => {
      const { org, admin, app } = seedOrg(running);
      seedRecords(emulator, org.id, 'Account', 2);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [
            { object: 'Account', fields: ['Name', 'Industry', 'Description'], direction: 'both' },
          ],
        });
        const map = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/sync`)
        ).json<{ mappings: Array<{ id: string }> }>().mappings[0]!.id;
        await runPull(services(setup), map, { holderId: 'pull' });
        const [a, b] = [...emulator.requireOrg(org.id).tables.get('Account')!.rows.keys()];
        const version = async (recordId: string) =>
          (
            await setup.store.db
              .selectFrom('synced_record')
              .select('system_modstamp')
              .where('record_id', '=', recordId)
              .where('connection_id', '=', id)
              .executeTakeFirstOrThrow()
          ).system_modstamp;
        const baseA = await version(a!);
        const queued = await enqueue(setup, id, 'Account', [
          {
            operation: 'update',
            id: a,
            baseVersion: baseA,
            fields: { Industry: 'Host', Description: 'Host text' },
          },
        ]);
        // After the host wrote (enqueued), someone changes Industry in Salesforce: that is later.
        await new Promise((resolve) => setTimeout(resolve, 5));
        updateRecordAs(emulator, org.id, a!, { Industry: 'Salesforce' }, admin.id);
        assert.equal((await push(setup, id)).kind, 'completed');
        assert.equal(record(org.id, 'Account', a!)?.Industry, 'Salesforce', 'the later edit stays');
        assert.equal(
          record(org.id, 'Account', a!)?.Description,
          'Host text',
          'untouched field written',
        );
        const resolved = await write(setup, id, queued[0]!.id);
        assert.equal(resolved.state, 'succeeded');
        assert.deepEqual(
          [resolved.conflict?.winner, resolved.conflict?.fields],
          ['salesforce', ['Industry']],
        );
        assert.equal((await events(setup, 'write.conflict')).length, 1);

        // With the reject policy the write fails and nothing is written.
        await setup.call(setup.a.apiKey, 'PUT', `/api/v1/connections/${id}/mappings`, {
          mappings: [
            {
              object: 'Account',
              fields: ['Name', 'Industry', 'Description'],
              direction: 'both',
              conflictPolicy: 'reject',
            },
          ],
        });
        await runPull(services(setup), map, { holderId: 'pull' });
        const baseB = await version(b!);
        updateRecordAs(emulator, org.id, b!, { Industry: 'Changed first' }, admin.id);
        const rejected = await enqueue(setup, id, 'Account', [
          { operation: 'update', id: b, baseVersion: baseB, fields: { Industry: 'Host' } },
        ]);
        await push(setup, id);
        const view = await write(setup, id, rejected[0]!.id);
        assert.equal(view.state, 'failed');
        assert.equal(view.errors[0]?.statusCode, 'CONFLICT');
        assert.equal(record(org.id, 'Account', b!)?.Industry, 'Changed first');
      } finally {
        await setup.close();
      }
    });
  });
}
