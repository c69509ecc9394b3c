/**
 * Permission verification through the API (issue 4): a requirement set at creation and checked
 * once the connection is authorized, a missing permission degrading the connection and its
 * return restoring it, workspace-defined profiles, and the checks the scheduler runs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changeUserProfile, createUser } from '@orgbridge/salesforce-emulator';
import { OrgClient } from '../../src/connections/org-client.ts';
import { ProbeScheduler } from '../../src/connections/probe-scheduler.ts';
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

interface PermissionsBody {
  requirement: unknown;
  checkedAt: string | null;
  report: {
    ok: boolean;
    profile: string;
    summary: { requiredMissing: number };
    items: Array<{ id: string; need: string; status: string; fix: string | null }>;
  } | null;
}

async function permissions(setup: ApiSetup, id: string): Promise<PermissionsBody> {
  const response = await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/permissions`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json<PermissionsBody>();
}

async function status(setup: ApiSetup, id: string): Promise<[string, string | null]> {
  const view = (await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`)).json<{
    status: string;
    statusReason: string | null;
  }>();
  return [view.status, view.statusReason];
}

async function events(setup: ApiSetup, id: string) {
  return (
    await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}&limit=1000`)
  ).json<{ events: Array<{ type: string; data: { missing?: string[] } }> }>().events;
}

for (const dialect of DIALECTS) {
  describe(`permission verification through the API on ${dialect}`, () => {
    test('a missing permission degrades the connection with fixes; granting it restores it', async () => {
      const { org, app } = seedOrg(running);
      const rep = createUser(emulator, org.id, {
        username: `rep.${Date.now()}@acme.example`,
        profile: 'Standard User',
      });
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, rep, { permissions: { preset: 'abm' } });
        const before = await permissions(setup, id);
        assert.deepEqual(before.requirement, { preset: 'abm' });
        assert.equal(before.checkedAt, null, 'due: checked by the scheduler after connect');
        const probes = new ProbeScheduler(
          { ctx: setup.ctx, tokens: setup.tokens, client: new OrgClient(setup.ctx, setup.tokens) },
          { intervalMs: 15 * 60 * 1000 },
        );
        await probes.tick();
        const checked = await permissions(setup, id);
        assert.equal(checked.report?.ok, false);
        assert.ok(checked.report.summary.requiredMissing > 0);
        const missing = checked.report.items.filter(
          (i) => i.need === 'required' && i.status === 'missing',
        );
        assert.ok(
          missing.every((i) => i.fix && i.fix.length > 10),
          'each missing item has a fix',
        );
        assert.deepEqual(await status(setup, id), ['degraded', 'permissions_missing']);
        const announced = (await events(setup, id)).find((e) => e.type === 'permissions.missing');
        assert.deepEqual(
          announced?.data.missing,
          missing.map((i) => i.id),
        );

        // A second check finds the same: nothing is announced again.
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/permissions/check`);
        assert.equal(
          (await events(setup, id)).filter((e) => e.type === 'permissions.missing').length,
          1,
        );

        // An admin gives the user what the preset needs.
        changeUserProfile(emulator, org.id, rep.username, 'System Administrator');
        const fixed = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${id}/permissions/check`,
        );
        assert.equal(fixed.statusCode, 200, fixed.body);
        assert.equal(fixed.json<PermissionsBody>().report?.ok, true);
        assert.deepEqual(await status(setup, id), ['active', null]);
        const types = (await events(setup, id)).map((e) => e.type);
        assert.deepEqual(types.slice(-2), ['permissions.restored', 'connection.restored']);
      } finally {
        await setup.close();
      }
    });

    test('workspace profiles: defined, validated, used, and private to the workspace', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const put = await setup.call(
          setup.a.apiKey,
          'PUT',
          '/api/v1/permission-profiles/crm-sync',
          {
            description: 'Read and write Accounts, read Contacts',
            objects: [
              { object: 'Account', access: { read: 'required', edit: 'required' } },
              { object: 'Contact', access: { read: 'required' } },
            ],
            userPermissions: [{ permission: 'ApiEnabled', need: 'required' }],
          },
        );
        assert.equal(put.statusCode, 200, put.body);
        const bad = await setup.call(setup.a.apiKey, 'PUT', '/api/v1/permission-profiles/broken', {
          objects: [{ object: 'Account', access: { read: 'sometimes' } }],
        });
        assert.equal(bad.statusCode, 400);
        assert.equal(errorCode(bad), 'VALIDATION_FAILED');

        const set = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/permissions`,
          {
            profile: 'crm-sync',
          },
        );
        assert.equal(set.statusCode, 200, set.body);
        const view = set.json<PermissionsBody>();
        assert.deepEqual([view.report?.profile, view.report?.ok], ['crm-sync', true]);

        const elsewhere = await setup.call(
          setup.b.apiKey,
          'PUT',
          `/api/v1/connections/${id}/permissions`,
          { profile: 'crm-sync' },
        );
        assert.equal(elsewhere.statusCode, 404);
        const listedB = await setup.call(setup.b.apiKey, 'GET', '/api/v1/permission-profiles');
        assert.deepEqual(listedB.json<{ profiles: unknown[] }>().profiles, []);
        const unknown = await setup.call(
          setup.a.apiKey,
          'PUT',
          `/api/v1/connections/${id}/permissions`,
          { profile: 'nope' },
        );
        assert.equal(unknown.statusCode, 400);
        const badPreset = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Bad preset',
          environment: 'production',
          permissions: { preset: 'partner-overlap' },
        });
        assert.equal(badPreset.statusCode, 400, 'partner-overlap needs its permission set name');
        const list = await setup.call(setup.a.apiKey, 'GET', '/api/v1/connections');
        assert.equal(list.json<{ connections: unknown[] }>().connections.length, 1);
        assert.equal(
          (await setup.call(setup.a.apiKey, 'DELETE', '/api/v1/permission-profiles/crm-sync'))
            .statusCode,
          204,
        );
      } finally {
        await setup.close();
      }
    });

    test('re-authorization makes the check due again; the scheduler runs it', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin, {
          permissions: { preset: 'read-only-sync' },
        });
        const probes = new ProbeScheduler(
          { ctx: setup.ctx, tokens: setup.tokens, client: new OrgClient(setup.ctx, setup.tokens) },
          { intervalMs: 15 * 60 * 1000 },
        );
        await probes.tick();
        const first = await permissions(setup, id);
        assert.equal(first.report?.ok, true);
        const params = await reauthorizeThroughApi(setup, id, admin);
        await setup.call(null, 'GET', `/oauth/callback?${params.toString()}`);
        assert.equal((await permissions(setup, id)).checkedAt, null);
        await probes.tick();
        assert.notEqual((await permissions(setup, id)).checkedAt, null);
      } finally {
        await setup.close();
      }
    });
  });
}
