/**
 * Password expiry of password-flow connections (issue 4): `password.expiring` 14, 7 and 1 days
 * ahead, each once, from the user's last password change and the policy period; then
 * `needs_reauth` / `password_expired` once it has passed. And the integration-user advice.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createUser } from '@orgbridge/salesforce-emulator';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { openApi, type ApiSetup } from '../helpers/api.ts';

const running = await useSalesforce();
const { emulator } = running;
const DAY = 86_400_000;

async function passwordConnection(
  setup: ApiSetup,
  user: { username: string; password: string; securityToken: string },
) {
  const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
    nickname: `Password ${user.username}`,
    environment: 'production',
    authFlow: 'password',
    credentials: {
      username: user.username,
      password: user.password,
      securityToken: user.securityToken,
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  return created.json<{ connection: { id: string } }>().connection.id;
}

for (const dialect of DIALECTS) {
  describe(`password expiry on ${dialect}`, () => {
    test('warned 14, 7 and 1 days ahead, once each; expired is needs_reauth / password_expired', async () => {
      const { org, app } = seedOrg(running);
      const user = createUser(emulator, org.id, {
        username: `expiring.${Date.now()}@acme.example`,
        profile: 'System Administrator',
      });
      const setup = await openApi(dialect, running, app);
      // Earlier tests moved the emulator's clock: start both clocks level.
      setup.advance(emulator.clock.now() - setup.ctx.now());
      try {
        const id = await passwordConnection(setup, user);
        const check = async () => {
          const response = await setup.call(
            setup.a.apiKey,
            'POST',
            `/api/v1/connections/${id}/health/check`,
          );
          assert.equal(response.statusCode, 200, response.body);
          return response.json<{
            status: string;
            statusReason: string | null;
            passwordExpiresAt: string | null;
          }>();
        };
        const warnings = async () =>
          (await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}&limit=1000`))
            .json<{
              events: Array<{ type: string; data: { threshold: number; daysLeft: number } }>;
            }>()
            .events.filter((e) => e.type === 'password.expiring')
            .map((e) => e.data.threshold);

        const first = await check();
        const expiresAt = Date.parse(first.passwordExpiresAt!);
        assert.ok(Math.abs(expiresAt - (setup.ctx.now() + 90 * DAY)) < DAY, 'policy: 90 days');
        assert.deepEqual(await warnings(), []);
        const until = (days: number) => setup.advance(expiresAt - days * DAY - setup.ctx.now());
        until(20);
        await check();
        assert.deepEqual(await warnings(), []);
        until(13);
        await check();
        assert.deepEqual(await warnings(), [14]);
        until(11);
        await check();
        assert.deepEqual(await warnings(), [14], 'announced once');
        until(6);
        await check();
        until(0.5);
        await check();
        assert.deepEqual(await warnings(), [14, 7, 1]);

        // The day passes at Salesforce too: every API call now fails with the expired password.
        setup.advance(DAY, { emulatorToo: false });
        running.emulator.clock.advance(91 * DAY);
        const expired = await check();
        assert.deepEqual(
          [expired.status, expired.statusReason],
          ['needs_reauth', 'password_expired'],
        );
      } finally {
        await setup.close();
      }
    });

    test('the policy period is set per connection; 0 means the password never expires', async () => {
      const { org, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      setup.advance(emulator.clock.now() - setup.ctx.now());
      try {
        for (const [days, expected] of [
          [30, 30 * DAY],
          [0, null],
        ] as const) {
          const user = createUser(emulator, org.id, {
            username: `policy${days}.${Date.now()}@acme.example`,
            profile: 'System Administrator',
          });
          const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
            nickname: `Policy ${days}`,
            environment: 'production',
            authFlow: 'password',
            passwordExpiryDays: days,
            credentials: {
              username: user.username,
              password: user.password,
              securityToken: user.securityToken,
            },
          });
          assert.equal(created.statusCode, 201, created.body);
          const id = created.json<{ connection: { id: string } }>().connection.id;
          const view = (
            await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`)
          ).json<{ passwordExpiresAt: string | null }>();
          if (expected === null) assert.equal(view.passwordExpiresAt, null);
          else
            assert.ok(
              Math.abs(Date.parse(view.passwordExpiresAt!) - setup.ctx.now() - expected) < DAY,
            );
        }
        const wrongFlow = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Web',
          environment: 'production',
          passwordExpiryDays: 30,
        });
        assert.equal(wrongFlow.statusCode, 400);
      } finally {
        await setup.close();
      }
    });

    test('an API-only integration user is recognised as one, with no warning', async () => {
      const { org, app } = seedOrg(running);
      const integration = createUser(emulator, org.id, {
        username: `api.${Date.now()}@acme.example`,
        profile: 'Minimum Access - API Only Integrations',
      });
      const setup = await openApi(dialect, running, app);
      try {
        const id = await passwordConnection(setup, integration);
        const view = (
          await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`)
        ).json<{
          lastCheck: { ok: boolean };
          integrationUser: { kind: string; signals: string[]; warning: string | null };
        }>();
        assert.equal(view.lastCheck.ok, true);
        assert.equal(view.integrationUser.kind, 'integration_user');
        assert.equal(view.integrationUser.warning, null);
        assert.ok(
          view.integrationUser.signals.some((s) => /API Only|integration profile/i.test(s)),
        );
      } finally {
        await setup.close();
      }
    });
  });
}
