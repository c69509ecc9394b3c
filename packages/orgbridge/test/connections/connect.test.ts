import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOrg, createUser } from '@orgbridge/salesforce-emulator';
import { completeAuthorization } from '../../src/connections/complete-authorization.ts';
import { createConnection, startReauthorization } from '../../src/connections/connect-service.ts';
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
  describe(`connect on ${dialect}`, () => {
    test('production: authorize through the login and Allow pages, land active with the identity', async () => {
      const { org, admin, app, instanceUrl } = seedOrg(running);
      const { ctx, store, workspaceId } = await openConnectionsContext(dialect, running, app);
      try {
        const link = await createConnection(ctx, workspaceId, {
          nickname: 'Main',
          environment: 'production',
        });
        assert.equal(link.connection.status, 'pending');
        assert.match(link.authorizeUrl, /code_challenge_method=S256/);
        const outcome = await completeAuthorization(
          ctx,
          await authorizeAs(link.authorizeUrl, admin),
        );
        assert.ok(outcome.ok, JSON.stringify(outcome));
        assert.equal(outcome.connection.status, 'active');
        assert.equal(outcome.connection.identity?.orgId, org.id);
        assert.equal(outcome.connection.identity?.username, admin.username);
        assert.equal(outcome.connection.identity?.profileName, 'System Administrator');
        assert.equal(outcome.connection.identity?.isSandbox, false);
        assert.equal(outcome.connection.identity?.instanceUrl, instanceUrl);
        const events = await store.db
          .selectFrom('event')
          .select('type')
          .where('connection_id', '=', link.connection.id)
          .execute();
        assert.deepEqual(
          events.map((e) => e.type),
          ['connection.created'],
        );
      } finally {
        await store.close();
      }
    });

    test('sandbox and custom My Domain connections log in at their own hosts', async () => {
      const sandbox = seedOrg(running, { sandbox: true });
      const { ctx, store, workspaceId } = await openConnectionsContext(
        dialect,
        running,
        sandbox.app,
      );
      try {
        const link = await createConnection(ctx, workspaceId, {
          nickname: 'Sandbox',
          environment: 'sandbox',
        });
        assert.ok(link.authorizeUrl.startsWith(running.sandboxLoginUrl));
        const outcome = await completeAuthorization(
          ctx,
          await authorizeAs(link.authorizeUrl, sandbox.admin),
        );
        assert.ok(outcome.ok);
        assert.equal(outcome.connection.identity?.isSandbox, true);
        const custom = await createConnection(ctx, workspaceId, {
          nickname: 'My Domain',
          environment: 'custom',
          loginUrl: sandbox.instanceUrl,
        });
        assert.ok(custom.authorizeUrl.startsWith(sandbox.instanceUrl));
        const customOutcome = await completeAuthorization(
          ctx,
          await authorizeAs(custom.authorizeUrl, sandbox.admin),
        );
        assert.ok(customOutcome.ok);
      } finally {
        await store.close();
      }
    });

    test('a nickname is unique in its workspace', async () => {
      const { app } = seedOrg(running);
      const { ctx, store, workspaceId } = await openConnectionsContext(dialect, running, app);
      try {
        await createConnection(ctx, workspaceId, { nickname: 'Same', environment: 'production' });
        await assert.rejects(
          createConnection(ctx, workspaceId, { nickname: 'Same', environment: 'production' }),
          (e) => isAppError(e, 'NICKNAME_TAKEN'),
        );
      } finally {
        await store.close();
      }
    });

    test('the callback refuses unknown, reused and expired states and a denial, leaving nothing half-made', async () => {
      const { admin, app } = seedOrg(running);
      const { ctx, store, workspaceId } = await openConnectionsContext(dialect, running, app);
      try {
        const unknown = await completeAuthorization(
          ctx,
          new URLSearchParams({ code: 'aPrx', state: 'nope' }),
        );
        assert.deepEqual(
          [unknown.ok, !unknown.ok && unknown.code],
          [false, 'CONNECT_SESSION_UNKNOWN'],
        );
        const link = await createConnection(ctx, workspaceId, {
          nickname: 'Once',
          environment: 'production',
        });
        const params = await authorizeAs(link.authorizeUrl, admin);
        assert.ok((await completeAuthorization(ctx, params)).ok);
        const reused = await completeAuthorization(ctx, params);
        assert.equal(!reused.ok && reused.code, 'CONNECT_SESSION_USED');

        const late = await createConnection(ctx, workspaceId, {
          nickname: 'Late',
          environment: 'production',
        });
        const lateParams = await authorizeAs(late.authorizeUrl, admin);
        const expired = await completeAuthorization(
          { ...ctx, now: () => Date.now() + 11 * 60 * 1000 },
          lateParams,
        );
        assert.equal(!expired.ok && expired.code, 'CONNECT_SESSION_EXPIRED');

        const denied = await createConnection(ctx, workspaceId, {
          nickname: 'Denied',
          environment: 'production',
        });
        const state = new URL(denied.authorizeUrl).searchParams.get('state')!;
        const outcome = await completeAuthorization(
          ctx,
          new URLSearchParams({
            error: 'access_denied',
            error_description: 'end-user denied authorization',
            state,
          }),
        );
        assert.equal(!outcome.ok && outcome.code, 'AUTHORIZATION_DENIED');
        assert.equal(!outcome.ok && outcome.connection?.status, 'pending');
        const grants = await store.db
          .selectFrom('connection_grant')
          .select('id')
          .where('connection_id', '=', denied.connection.id)
          .execute();
        assert.deepEqual(grants, []);
      } finally {
        await store.close();
      }
    });

    test('re-authorization keeps the connection and refuses another org, keeping the old grant', async () => {
      const { admin, app } = seedOrg(running);
      const other = createOrg(running.emulator, { name: 'Other' });
      const stranger = createUser(running.emulator, other.id, {
        username: `s.${Date.now()}@other.example`,
        profile: 'System Administrator',
      });
      const { ctx, store, workspaceId } = await openConnectionsContext(dialect, running, app);
      try {
        const link = await createConnection(ctx, workspaceId, {
          nickname: 'Keep',
          environment: 'production',
        });
        const first = await completeAuthorization(ctx, await authorizeAs(link.authorizeUrl, admin));
        assert.ok(first.ok);
        const grantBefore = (
          await store.db
            .selectFrom('connection')
            .select('grant_id')
            .where('id', '=', link.connection.id)
            .executeTakeFirstOrThrow()
        ).grant_id;

        const wrong = await startReauthorization(ctx, workspaceId, link.connection.id);
        const refused = await completeAuthorization(
          ctx,
          await authorizeAs(wrong.authorizeUrl, stranger),
        );
        assert.equal(!refused.ok && refused.code, 'ORG_MISMATCH');
        const still = await store.db
          .selectFrom('connection')
          .selectAll()
          .where('id', '=', link.connection.id)
          .executeTakeFirstOrThrow();
        assert.equal(still.grant_id, grantBefore);
        assert.equal(still.status, 'active');

        const again = await startReauthorization(ctx, workspaceId, link.connection.id);
        const ok = await completeAuthorization(ctx, await authorizeAs(again.authorizeUrl, admin));
        assert.ok(ok.ok);
        assert.equal(ok.connection.id, link.connection.id);
        assert.equal(ok.connection.nickname, 'Keep');
        const after = await store.db
          .selectFrom('connection')
          .select('grant_id')
          .where('id', '=', link.connection.id)
          .executeTakeFirstOrThrow();
        assert.notEqual(after.grant_id, grantBefore);
        const old = await store.db
          .selectFrom('connection_grant')
          .selectAll()
          .where('id', '=', grantBefore!)
          .executeTakeFirstOrThrow();
        assert.equal(old.refresh_token_sealed, null, 'the replaced grant lost its secrets');
        const types = (
          await store.db
            .selectFrom('event')
            .select('type')
            .where('connection_id', '=', link.connection.id)
            .orderBy('seq')
            .execute()
        ).map((e) => e.type);
        assert.deepEqual(types, ['connection.created', 'connection.reauthorized']);
      } finally {
        await store.close();
      }
    });

    test('a sixth approval by the same user marks the least recently used connection, naming the displacer', async () => {
      const { admin, app } = seedOrg(running);
      const { ctx, store, workspaceId } = await openConnectionsContext(dialect, running, app);
      try {
        let clock = Date.now();
        const timed = { ...ctx, now: () => (clock += 1000) };
        const ids: string[] = [];
        for (let i = 1; i <= 6; i++) {
          if (i === 6) {
            const warned = await createConnection(timed, workspaceId, {
              nickname: `Conn ${i}`,
              environment: 'production',
              loginHint: admin.username,
            });
            assert.equal(warned.warnings[0]?.code, 'APPROVAL_LIMIT_REACHED');
            const outcome = await completeAuthorization(
              timed,
              await authorizeAs(warned.authorizeUrl, admin),
            );
            assert.ok(outcome.ok);
            assert.deepEqual(outcome.displaced, [ids[0]]);
            ids.push(warned.connection.id);
            break;
          }
          const link = await createConnection(timed, workspaceId, {
            nickname: `Conn ${i}`,
            environment: 'production',
          });
          assert.deepEqual(link.warnings, []);
          assert.ok(
            (await completeAuthorization(timed, await authorizeAs(link.authorizeUrl, admin))).ok,
          );
          ids.push(link.connection.id);
        }
        const victim = await store.db
          .selectFrom('connection')
          .selectAll()
          .where('id', '=', ids[0]!)
          .executeTakeFirstOrThrow();
        assert.equal(victim.status, 'needs_reauth');
        assert.equal(victim.status_reason, 'token_limit_exceeded');
        assert.deepEqual(JSON.parse(victim.status_detail!), {
          displacedBy: ids[5],
          displacedByNickname: 'Conn 6',
        });
        const grants = running.emulator.grants;
        const live = [...grants.values()].filter((g) => g.revokedAt === null && g.appId === app.id);
        assert.equal(live.length, 5, 'Salesforce (the emulator) agrees: five approvals remain');
      } finally {
        await store.close();
      }
    });
  });
}
