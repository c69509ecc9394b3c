import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import {
  clearFaults,
  createConnectedApp,
  createOrg,
  createUser,
  injectFault,
  resetPassword,
  revokeGrantsOfUser,
} from '@orgbridge/salesforce-emulator';
import { DIALECTS } from '../helpers/databases.ts';
import { authorizeAs, seedOrg, useSalesforce } from '../helpers/connections.ts';
import { openApi, type ApiSetup } from '../helpers/api.ts';

const running = await useSalesforce();

/** What each kind of response may carry: only the token endpoints hand out access tokens. */
type Kind = 'plain' | 'token' | 'proxy';

interface Seen {
  label: string;
  kind: Kind;
  text: string;
}

/** Every form a secret may take on the way out: as is, percent-encoded, form-encoded. */
function forms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
    ]),
  ];
}

function leaks(text: string, secrets: Iterable<string>): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    if (forms(secret).some((form) => text.includes(form))) found.push(`${secret.slice(0, 6)}…`);
  }
  return found;
}

for (const dialect of DIALECTS) {
  describe(`secrets on ${dialect}`, () => {
    test('a full scenario leaks no secret into any response, event or log, except the access-token endpoint', async (t) => {
      t.after(() => clearFaults(running.emulator));
      const { org, admin, app } = seedOrg(running);
      const own = seedOrg(running).app;
      const elsewhere = createOrg(running.emulator, { name: 'Elsewhere' });
      const stranger = createUser(running.emulator, elsewhere.id, {
        username: `stranger.${Date.now()}@elsewhere.example`,
        profile: 'System Administrator',
      });
      const setup: ApiSetup = await openApi(dialect, running, app, { allowErrors: true });
      const seen: Seen[] = [];
      const callbackParams: URLSearchParams[] = [];
      const call = async (
        kind: Kind,
        method: 'GET' | 'POST' | 'DELETE',
        url: string,
        payload?: unknown,
        key: string | null = setup.a.apiKey,
      ) => {
        const response = await setup.call(key, method, url, payload);
        seen.push({
          label: `${method} ${url.slice(0, 90)} → ${response.statusCode}`,
          kind,
          text: JSON.stringify(response.headers) + (kind === 'proxy' ? '' : `\n${response.body}`),
        });
        return response;
      };
      const authorizeAndReturn = async (authorizeUrl: string, user = admin) => {
        const params = await authorizeAs(authorizeUrl, user);
        callbackParams.push(params);
        return call('plain', 'GET', `/oauth/callback?${params.toString()}`, undefined, null);
      };

      const appIds = new Set([app.id, own.id]);
      const directSecrets: string[] = [];
      try {
        // Connect with the connection's own app, and another with the default app.
        const created = await call('plain', 'POST', '/api/v1/connections', {
          nickname: 'Own app',
          environment: 'production',
          app: { clientId: own.consumerKey, clientSecret: own.consumerSecret },
          loginHint: admin.username,
        });
        const { connection, authorizeUrl } = created.json<{
          connection: { id: string };
          authorizeUrl: string;
        }>();
        const id = connection.id;
        assert.equal((await authorizeAndReturn(authorizeUrl)).statusCode, 200);
        const second = (
          await call('plain', 'POST', '/api/v1/connections', {
            nickname: 'Default app',
            environment: 'production',
          })
        ).json<{ connection: { id: string }; authorizeUrl: string }>();
        assert.equal((await authorizeAndReturn(second.authorizeUrl)).statusCode, 200);

        // Keep alive: tokens, a reported stale token, the proxy (with a retry and an outage).
        const base = `/api/v1/connections/${id}`;
        const token = (await call('token', 'GET', `${base}/access-token`)).json<{
          accessToken: string;
        }>();
        await call('token', 'POST', `${base}/access-token/refresh`, {
          staleAccessToken: token.accessToken,
        });
        await call(
          'proxy',
          'GET',
          `${base}/proxy/services/data/v60.0/query?q=SELECT+Id+FROM+Account`,
        );
        await call('proxy', 'POST', `${base}/proxy/services/data/v60.0/sobjects/Account`, {
          Name: 'Leak check',
        });
        injectFault(running.emulator, { kind: 'invalid_session', count: 1, orgId: org.id });
        await call('proxy', 'GET', `${base}/proxy/services/data/v60.0/limits`);
        injectFault(running.emulator, {
          kind: 'drop',
          count: 1,
          orgId: org.id,
          pathPrefix: '/services/data',
        });
        const outage = await call('plain', 'GET', `${base}/proxy/services/data/v60.0/limits`);
        assert.equal(outage.statusCode, 503);

        // Heal: disable, enable, re-authorize (the wrong org, then the right one).
        await call('plain', 'POST', `${base}/disable`);
        await call('plain', 'GET', `${base}/access-token`);
        await call('plain', 'POST', `${base}/enable`);
        const wrong = (await call('plain', 'POST', `${base}/reauthorize`)).json<{
          authorizeUrl: string;
        }>();
        assert.equal((await authorizeAndReturn(wrong.authorizeUrl, stranger)).statusCode, 400);
        const right = (await call('plain', 'POST', `${base}/reauthorize`)).json<{
          authorizeUrl: string;
        }>();
        assert.equal((await authorizeAndReturn(right.authorizeUrl)).statusCode, 200);
        const reused = callbackParams.at(-1)!;
        await call('plain', 'GET', `/oauth/callback?${reused.toString()}`, undefined, null);

        // Break it: revoked at Salesforce, then the token endpoints give the reason instead.
        revokeGrantsOfUser(running.emulator, org.id, admin.id);
        await call('plain', 'POST', `${base}/access-token/refresh`);
        await call('plain', 'GET', `${base}/access-token`);
        await call('plain', 'GET', `${base}/proxy/services/data/v60.0/limits`);

        // Direct flows: a password login (refused once, then accepted, then re-authenticated with a
        // new password and token) and a JWT bearer login with a private key.
        const pwUser = createUser(running.emulator, org.id, {
          username: `pw.${Date.now()}@leak.example`,
          profile: 'System Administrator',
        });
        await call('plain', 'POST', '/api/v1/connections', {
          nickname: 'Password refused',
          environment: 'production',
          authFlow: 'password',
          credentials: {
            username: pwUser.username,
            password: 'Wrong-Pass-123',
            securityToken: 'x',
          },
        });
        const pw = (
          await call('plain', 'POST', '/api/v1/connections', {
            nickname: 'Password',
            environment: 'production',
            authFlow: 'password',
            credentials: {
              username: pwUser.username,
              password: pwUser.password,
              securityToken: pwUser.securityToken,
            },
          })
        ).json<{ connection: { id: string } }>().connection;
        const changed = resetPassword(running.emulator, org.id, pwUser.username);
        await call('plain', 'POST', `/api/v1/connections/${pw.id}/reauthorize`, {
          credentials: { password: changed.password, securityToken: changed.securityToken },
        });
        await call('token', 'GET', `/api/v1/connections/${pw.id}/access-token`);
        const keys = generateKeyPairSync('rsa', {
          modulusLength: 2048,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        });
        const jwtApp = createConnectedApp(running.emulator, {
          name: 'jwt leak',
          callbackUrls: ['https://unused.example/cb'],
          certificatePem: keys.publicKey,
        });
        appIds.add(jwtApp.id);
        await call('plain', 'POST', '/api/v1/connections', {
          nickname: 'JWT (not pre-authorized)',
          environment: 'production',
          authFlow: 'jwt_bearer',
          app: { clientId: jwtApp.consumerKey },
          credentials: { username: pwUser.username, privateKey: keys.privateKey },
        });
        await call('plain', 'DELETE', `/api/v1/connections/${pw.id}`);
        directSecrets.push(
          pwUser.password,
          pwUser.securityToken,
          `${pwUser.password}${pwUser.securityToken}`,
          changed.password,
          changed.securityToken,
          'Wrong-Pass-123',
          keys.privateKey,
          jwtApp.consumerSecret,
        );

        // Look around, then delete both.
        await call('plain', 'GET', '/api/v1/connections');
        await call('plain', 'GET', base);
        await call('plain', 'GET', '/api/v1/events?limit=1000');
        await call('plain', 'GET', base, undefined, setup.b.apiKey);
        assert.equal((await call('plain', 'DELETE', base)).statusCode, 204);
        assert.equal(
          (await call('plain', 'DELETE', `/api/v1/connections/${second.connection.id}`)).statusCode,
          204,
        );

        // Every secret that was issued or used.
        const accessTokens = new Set<string>();
        const otherSecrets = new Set<string>([
          app.consumerSecret,
          own.consumerSecret,
          setup.a.apiKey,
          setup.b.apiKey,
          ...directSecrets,
        ]);
        for (const session of running.emulator.sessions.values())
          if (session.appId !== null && appIds.has(session.appId)) accessTokens.add(session.token);
        for (const grant of running.emulator.grants.values()) {
          if (!appIds.has(grant.appId)) continue;
          otherSecrets.add(grant.refreshToken);
          for (const rotated of grant.rotatedOut) otherSecrets.add(rotated);
        }
        for (const code of running.emulator.codes.values())
          if (appIds.has(code.appId)) otherSecrets.add(code.code);
        for (const params of callbackParams) otherSecrets.add(params.get('code')!);
        let verifiers = 0;
        for (const request of setup.outbound) {
          const form = new URLSearchParams(request.body);
          for (const name of [
            'code',
            'code_verifier',
            'client_secret',
            'refresh_token',
            'token',
            'password',
            'assertion',
          ]) {
            const value = form.get(name);
            if (value === null) continue;
            if (name === 'code_verifier') verifiers++;
            if (!accessTokens.has(value)) otherSecrets.add(value);
          }
        }
        assert.ok(accessTokens.size >= 4, 'access tokens were issued');
        assert.ok(verifiers >= 3, 'code verifiers were sent');
        assert.ok(otherSecrets.size >= 12, `secrets collected: ${otherSecrets.size}`);
        const allSecrets = [...accessTokens, ...otherSecrets];

        for (const response of seen) {
          const allowed = response.kind === 'token' ? [...otherSecrets] : allSecrets;
          assert.deepEqual(leaks(response.text, allowed), [], response.label);
        }
        const tokenAnswers = seen.filter((s) => s.kind === 'token');
        assert.equal(tokenAnswers.length, 3);
        assert.ok(tokenAnswers.every((s) => leaks(s.text, accessTokens).length === 1));

        const events = await setup.store.db.selectFrom('event').selectAll().execute();
        assert.ok(events.length >= 8);
        for (const event of events)
          assert.deepEqual(leaks(JSON.stringify(event), allSecrets), [], event.type);

        assert.ok(setup.errors.length >= 1, 'the outage was logged');
        for (const error of setup.errors) {
          const text = `${inspect(error, { depth: Infinity })}\n${JSON.stringify(error)}\n${String(error)}`;
          assert.deepEqual(leaks(text, allSecrets), [], 'logged error');
        }
      } finally {
        await setup.close();
      }
    });
  });
}
