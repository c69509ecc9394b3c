import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clearFaults, injectFault } from '@orgbridge/salesforce-emulator';
import { completeAuthorization } from '../../src/connections/complete-authorization.ts';
import {
  deleteConnection,
  disableConnection,
  enableConnection,
  getConnection,
  listConnections,
} from '../../src/connections/connection-admin.ts';
import { createConnection } from '../../src/connections/connect-service.ts';
import { listEvents } from '../../src/connections/event-service.ts';
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

async function connected(dialect: (typeof DIALECTS)[number]) {
  const seeded = seedOrg(running);
  const opened = await openConnectionsContext(dialect, running, seeded.app);
  const link = await createConnection(opened.ctx, opened.workspaceId, {
    nickname: 'Main',
    environment: 'production',
  });
  const outcome = await completeAuthorization(
    opened.ctx,
    await authorizeAs(link.authorizeUrl, seeded.admin),
  );
  assert.ok(outcome.ok);
  return { ...seeded, ...opened, id: link.connection.id };
}

for (const dialect of DIALECTS) {
  describe(`connection admin on ${dialect}`, () => {
    test('list and get see only the workspace’s connections', async () => {
      const setup = await connected(dialect);
      try {
        assert.deepEqual(
          (await listConnections(setup.ctx, setup.workspaceId)).map((c) => c.id),
          [setup.id],
        );
        assert.deepEqual(await listConnections(setup.ctx, 'ws_other'), []);
        await assert.rejects(getConnection(setup.ctx, 'ws_other', setup.id), (e) =>
          isAppError(e, 'CONNECTION_NOT_FOUND'),
        );
        await assert.rejects(disableConnection(setup.ctx, 'ws_other', setup.id), (e) =>
          isAppError(e, 'CONNECTION_NOT_FOUND'),
        );
        await assert.rejects(deleteConnection(setup.ctx, 'ws_other', setup.id), (e) =>
          isAppError(e, 'CONNECTION_NOT_FOUND'),
        );
      } finally {
        await setup.store.close();
      }
    });

    test('enable while Salesforce is down: the enable succeeds and the connection is degraded', async (t) => {
      const setup = await connected(dialect);
      t.after(() => clearFaults(running.emulator));
      try {
        const tokens = new TokenService(setup.ctx, { holderId: 'p1' });
        await disableConnection(setup.ctx, setup.workspaceId, setup.id);
        injectFault(running.emulator, {
          kind: 'status',
          status: 503,
          pathPrefix: '/services/oauth2/token',
        });
        const view = await enableConnection(setup.ctx, tokens, setup.workspaceId, setup.id);
        assert.deepEqual([view.status, view.statusReason], ['degraded', 'salesforce_unavailable']);
      } finally {
        await setup.store.close();
      }
    });

    test('a never-authorized connection is deleted without asking Salesforce', async () => {
      const seeded = seedOrg(running);
      const { ctx, store, workspaceId } = await openConnectionsContext(
        dialect,
        running,
        seeded.app,
      );
      try {
        const link = await createConnection(ctx, workspaceId, {
          nickname: 'Pending',
          environment: 'production',
        });
        assert.deepEqual(await deleteConnection(ctx, workspaceId, link.connection.id), {
          revocation: 'none',
        });
        assert.deepEqual(await listConnections(ctx, workspaceId), []);
      } finally {
        await store.close();
      }
    });

    test('when Salesforce cannot revoke, the connection is still deleted and the event says so', async (t) => {
      const setup = await connected(dialect);
      t.after(() => clearFaults(running.emulator));
      try {
        injectFault(running.emulator, { kind: 'drop', pathPrefix: '/services/oauth2/revoke' });
        assert.deepEqual(await deleteConnection(setup.ctx, setup.workspaceId, setup.id), {
          revocation: 'failed',
        });
        assert.deepEqual(await listConnections(setup.ctx, setup.workspaceId), []);
        const { events } = await listEvents(setup.ctx, setup.workspaceId, {
          connectionId: setup.id,
        });
        assert.equal(events.at(-1)?.type, 'connection.deleted');
        assert.equal(events.at(-1)?.data.revocation, 'failed');
      } finally {
        await setup.store.close();
      }
    });

    test('the event list refuses a malformed cursor or limit', async () => {
      const setup = await connected(dialect);
      try {
        for (const options of [{ after: 'x' }, { after: '-1' }, { limit: 0 }, { limit: 1001 }]) {
          await assert.rejects(listEvents(setup.ctx, setup.workspaceId, options), (e) =>
            isAppError(e, 'VALIDATION_FAILED'),
          );
        }
      } finally {
        await setup.store.close();
      }
    });
  });
}
