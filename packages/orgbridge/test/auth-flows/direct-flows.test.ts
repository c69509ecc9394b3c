/**
 * The flows that log in without a browser (issue 4 "Auth flows"), end to end through the HTTP API
 * against the emulator: username + password + security token, JWT bearer, client credentials.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  createConnectedApp,
  createUser,
  deactivateUser,
  expirePassword,
  resetPassword,
  setClientCredentialsUser,
  setOrgSettings,
  setPreAuthorizedUsers,
} from '@orgbridge/salesforce-emulator';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { errorCode, openApi } from '../helpers/api.ts';

const running = await useSalesforce();
const { emulator } = running;

interface ConnectionBody {
  id: string;
  status: string;
  statusReason: string | null;
  authFlow: string;
  identity: { orgId: string; username: string } | null;
}

function rsaKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

for (const dialect of DIALECTS) {
  describe(`direct auth flows on ${dialect}`, () => {
    test('password flow: connects at once, works, is re-authenticated with a new password and token', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Password',
          environment: 'production',
          authFlow: 'password',
          app: { clientId: app.consumerKey, clientSecret: app.consumerSecret },
          credentials: {
            username: admin.username,
            password: admin.password,
            securityToken: admin.securityToken,
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        const { connection } = created.json<{
          connection: ConnectionBody;
          authorizeUrl?: string;
        }>();
        assert.equal(created.json<{ authorizeUrl?: string }>().authorizeUrl, undefined);
        assert.deepEqual(
          [connection.status, connection.authFlow, connection.identity?.orgId],
          ['active', 'password', org.id],
        );
        const token = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        assert.equal(token.statusCode, 200);

        // The session ends: orgbridge logs in again with the stored password (no refresh token).
        setup.advance(3 * 3600 * 1000);
        const again = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        assert.equal(again.statusCode, 200, again.body);
        assert.notEqual(
          again.json<{ accessToken: string }>().accessToken,
          token.json<{ accessToken: string }>().accessToken,
        );
        assert.equal(setup.refreshes(), 0, 'no refresh-token grant in this flow');

        // A reset password (which also resets the token) breaks the stored credentials.
        const reset = resetPassword(emulator, org.id, admin.username);
        setup.advance(3 * 3600 * 1000);
        const broken = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        assert.equal(broken.statusCode, 409);
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${connection.id}`)
        ).json<ConnectionBody>();
        assert.deepEqual([view.status, view.statusReason], ['needs_reauth', 'credentials_invalid']);

        // Re-authenticated in place by submitting the new password and security token.
        const healed = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/connections/${connection.id}/reauthorize`,
          { credentials: { password: reset.password, securityToken: reset.securityToken } },
        );
        assert.equal(healed.statusCode, 200, healed.body);
        const healedView = healed.json<{ connection: ConnectionBody }>().connection;
        assert.deepEqual([healedView.id, healedView.status], [connection.id, 'active']);
        const events = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${connection.id}`)
        ).json<{ events: Array<{ type: string }> }>();
        assert.deepEqual(
          events.events.map((e) => e.type),
          ['connection.created', 'connection.needs_reauth', 'connection.reauthorized'],
        );
      } finally {
        await setup.close();
      }
    });

    test('password flow refused: nothing is stored, and the message names the blocked-flow cause', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        setOrgSettings(emulator, org.id, { usernamePasswordFlowBlocked: true });
        const refused = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Blocked',
          environment: 'production',
          authFlow: 'password',
          credentials: {
            username: admin.username,
            password: admin.password,
            securityToken: admin.securityToken,
          },
        });
        assert.equal(refused.statusCode, 422, refused.body);
        assert.equal(errorCode(refused), 'SALESFORCE_LOGIN_REFUSED');
        const message = refused.json<{ error: { message: string } }>().error.message;
        assert.match(message, /blocks the username-password flow/);
        assert.match(message, /JWT bearer or client-credentials/);
        assert.ok(!refused.body.includes(admin.password), 'the password is never echoed');
        const list = await setup.call(setup.a.apiKey, 'GET', '/api/v1/connections');
        assert.deepEqual(list.json<{ connections: unknown[] }>().connections, []);
        const missing = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Incomplete',
          environment: 'production',
          authFlow: 'password',
          credentials: { username: admin.username },
        });
        assert.equal(missing.statusCode, 400);
        assert.equal(errorCode(missing), 'VALIDATION_FAILED');
      } finally {
        await setup.close();
      }
    });

    test('an expired password is classified needs_reauth / password_expired', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Expiring',
          environment: 'production',
          authFlow: 'password',
          credentials: {
            username: admin.username,
            password: admin.password,
            securityToken: admin.securityToken,
          },
        });
        const id = created.json<{ connection: ConnectionBody }>().connection.id;
        expirePassword(emulator, org.id, admin.username);
        const call = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/limits`,
        );
        assert.equal(call.statusCode, 401);
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`)
        ).json<ConnectionBody>();
        assert.deepEqual([view.status, view.statusReason], ['needs_reauth', 'password_expired']);
      } finally {
        await setup.close();
      }
    });

    test('JWT bearer flow: a new assertion whenever a token is needed; no approval is used', async () => {
      const { org, app: defaultApp } = seedOrg(running);
      const keys = rsaKeys();
      const integration = createUser(emulator, org.id, {
        username: `integration.${Date.now()}@jwt.example`,
        profile: 'System Administrator',
      });
      const jwtApp = createConnectedApp(emulator, {
        name: 'jwt',
        callbackUrls: ['https://unused.example/callback'],
        certificatePem: keys.publicKey,
        adminApprovedOnly: true,
      });
      setPreAuthorizedUsers(emulator, jwtApp.id, org.id, [integration.username]);
      const setup = await openApi(dialect, running, defaultApp);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'JWT',
          environment: 'production',
          authFlow: 'jwt_bearer',
          app: { clientId: jwtApp.consumerKey },
          credentials: { username: integration.username, privateKey: keys.privateKey },
        });
        assert.equal(created.statusCode, 201, created.body);
        const { connection } = created.json<{ connection: ConnectionBody }>();
        assert.deepEqual(
          [connection.status, connection.identity?.username],
          ['active', integration.username],
        );
        const grants = [...emulator.grants.values()].filter((g) => g.userId === integration.id);
        assert.equal(grants.length, 0, 'the JWT flow creates no approval');
        setup.advance(3 * 3600 * 1000);
        const token = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        assert.equal(token.statusCode, 200, token.body);

        // Taken off the pre-authorized list: Salesforce refuses the assertion.
        setPreAuthorizedUsers(emulator, jwtApp.id, org.id, []);
        setup.advance(3 * 3600 * 1000);
        await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${connection.id}`)
        ).json<ConnectionBody>();
        assert.deepEqual([view.status, view.statusReason], ['needs_reauth', 'app_not_approved']);

        const badKey = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Bad key',
          environment: 'production',
          authFlow: 'jwt_bearer',
          app: { clientId: jwtApp.consumerKey },
          credentials: { username: integration.username, privateKey: 'not a key' },
        });
        assert.equal(badKey.statusCode, 400);
        assert.equal(errorCode(badKey), 'VALIDATION_FAILED');
      } finally {
        await setup.close();
      }
    });

    test('client-credentials flow: My Domain only, run-as user, deactivation classified', async () => {
      const { org, app } = seedOrg(running);
      const runAs = createUser(emulator, org.id, {
        username: `runas.${Date.now()}@cc.example`,
        profile: 'System Administrator',
      });
      setClientCredentialsUser(emulator, app.id, org.id, runAs.username);
      const myDomain = emulator.instanceUrl(emulator.requireOrg(org.id));
      const setup = await openApi(dialect, running, app);
      try {
        const notMyDomain = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'CC',
          environment: 'production',
          authFlow: 'client_credentials',
        });
        assert.equal(notMyDomain.statusCode, 400);
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'CC',
          environment: 'custom',
          loginUrl: myDomain,
          authFlow: 'client_credentials',
        });
        assert.equal(created.statusCode, 201, created.body);
        const { connection } = created.json<{ connection: ConnectionBody }>();
        assert.deepEqual(
          [connection.status, connection.identity?.username],
          ['active', runAs.username],
        );

        deactivateUser(emulator, org.id, runAs.username);
        setup.advance(3 * 3600 * 1000);
        const refused = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${connection.id}/access-token`,
        );
        assert.equal(refused.statusCode, 409);
        const view = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${connection.id}`)
        ).json<ConnectionBody>();
        assert.equal(view.status, 'needs_reauth');
        assert.ok(
          view.statusReason === 'user_inactive' || view.statusReason === 'credentials_invalid',
          String(view.statusReason),
        );
      } finally {
        await setup.close();
      }
    });
  });
}
