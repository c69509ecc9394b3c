import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeAuthorization } from '../../src/connections/complete-authorization.ts';
import { createConnection } from '../../src/connections/connect-service.ts';
import { disableConnection } from '../../src/connections/connection-admin.ts';
import { TokenService } from '../../src/connections/token-service.ts';
import { WarmTokenCache } from '../../src/connections/warm-token-cache.ts';
import { isAppError } from '../../src/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import {
  authorizeAs,
  openConnectionsContext,
  seedOrg,
  useSalesforce,
} from '../helpers/connections.ts';

const running = await useSalesforce();

for (const dialect of DIALECTS) {
  describe(`warm token cache on ${dialect}`, () => {
    test('a change in this process is seen at once; one in another process within the cache lifetime', async () => {
      const seeded = seedOrg(running);
      const opened = await openConnectionsContext(dialect, running, seeded.app);
      try {
        let now = Date.now();
        const processA = { ...opened.ctx, now: () => now, warmTokens: new WarmTokenCache(1000) };
        const processB = { ...opened.ctx, now: () => now, warmTokens: new WarmTokenCache(1000) };
        const link = await createConnection(processA, opened.workspaceId, {
          nickname: 'Main',
          environment: 'production',
        });
        assert.ok(
          (
            await completeAuthorization(
              processA,
              await authorizeAs(link.authorizeUrl, seeded.admin),
            )
          ).ok,
        );
        const tokensA = new TokenService(processA, { holderId: 'a' });
        const tokensB = new TokenService(processB, { holderId: 'b' });
        const id = link.connection.id;
        const warm = await tokensA.getAccessToken(opened.workspaceId, id);
        await tokensB.getAccessToken(opened.workspaceId, id);

        await disableConnection(processB, opened.workspaceId, id);
        await assert.rejects(tokensB.getAccessToken(opened.workspaceId, id), (e) =>
          isAppError(e, 'CONNECTION_DISABLED'),
        );
        assert.deepEqual(
          await tokensA.getAccessToken(opened.workspaceId, id),
          warm,
          'within the lifetime, process A still remembers',
        );
        now += 1001;
        await assert.rejects(tokensA.getAccessToken(opened.workspaceId, id), (e) =>
          isAppError(e, 'CONNECTION_DISABLED'),
        );
      } finally {
        await opened.store.close();
      }
    });

    test('another workspace never gets a cached token', async () => {
      const seeded = seedOrg(running);
      const opened = await openConnectionsContext(dialect, running, seeded.app);
      try {
        const link = await createConnection(opened.ctx, opened.workspaceId, {
          nickname: 'Main',
          environment: 'production',
        });
        assert.ok(
          (
            await completeAuthorization(
              opened.ctx,
              await authorizeAs(link.authorizeUrl, seeded.admin),
            )
          ).ok,
        );
        const tokens = new TokenService(opened.ctx, { holderId: 'a' });
        await tokens.getAccessToken(opened.workspaceId, link.connection.id);
        await assert.rejects(tokens.getAccessToken('ws_other', link.connection.id), (e) =>
          isAppError(e, 'CONNECTION_NOT_FOUND'),
        );
      } finally {
        await opened.store.close();
      }
    });
  });
}
