/**
 * Email to a workspace's admins over a real SMTP server (smtp-server, parsed with mailparser):
 * needs_reauth with the reason in plain words and the re-authorize link, password.expiring,
 * permissions.missing and api_limit.warning, each sent once; retries while the server is away;
 * and no email configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser, revokeGrantsOfUser, setApiUsage } from '@orgbridge/salesforce-emulator';
import { REASON_TEXT } from '../../src/domain/connection-status.ts';
import { EMAIL_NOT_CONFIGURED, EmailDispatcher } from '../../src/notify/email-dispatcher.ts';
import { SmtpMailer } from '../../src/notify/smtp-mailer.ts';
import { createRepositories } from '../../src/store/repositories.ts';
import { freePort } from '../helpers/free-port.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { PUBLIC_URL, seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, openApi, type ApiSetup } from '../helpers/api.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

const running = await useSalesforce();
const { emulator } = running;
const DAY = 86_400_000;
const ADMINS = ['ops@acme.example', 'sf-admin@acme.example'];
const FROM = 'orgbridge <orgbridge@acme.example>';

let sink: SmtpSink;
before(async () => {
  sink = await startSmtpSink();
});
after(() => sink.close());

async function withAdmins(setup: ApiSetup): Promise<void> {
  const put = await setup.call(setup.a.apiKey, 'PUT', '/api/v1/notification-settings', {
    adminEmails: ADMINS,
  });
  assert.equal(put.statusCode, 200, put.body);
}

/** Sends what is due through the sink and returns the mails that arrived meanwhile. */
async function send(setup: ApiSetup) {
  const dispatcher = new EmailDispatcher(setup.ctx, new SmtpMailer({ url: sink.url, from: FROM }));
  const before = sink.mails.length;
  try {
    await dispatcher.tick();
  } finally {
    await dispatcher.stop();
  }
  return sink.mails.slice(before);
}

const check = (setup: ApiSetup, id: string) =>
  setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/health/check`);

function assertOnePerAdmin(mails: Array<{ to: string[] }>): void {
  assert.deepEqual(mails.flatMap((m) => m.to).sort(), ADMINS, 'one email per admin address');
}

for (const dialect of DIALECTS) {
  describe(`email on ${dialect}`, () => {
    test('needs_reauth: the reason in plain words and the link to re-authorize, once', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        await withAdmins(setup);
        const { id } = await connectThroughApi(setup, admin, { nickname: 'Acme production' });
        revokeGrantsOfUser(emulator, org.id, admin.id);
        await check(setup, id);
        await check(setup, id);
        const mails = await send(setup);
        assertOnePerAdmin(mails);
        for (const mail of mails) {
          assert.equal(mail.user, 'mailer', 'logged in to the SMTP server');
          assert.equal(mail.from, 'orgbridge@acme.example');
          assert.equal(
            mail.subject,
            'Action needed: re-authorize the Salesforce connection "Acme production"',
          );
          assert.ok(mail.text.includes(`Why: ${REASON_TEXT.refresh_token_revoked}`), mail.text);
          assert.ok(
            mail.text.includes(`${PUBLIC_URL}/?connection=${id}&action=reauthorize`),
            mail.text,
          );
          assert.ok(mail.text.includes(admin.username), 'names the Salesforce user');
          assert.ok(mail.text.includes(org.id), 'names the org');
          assert.ok(!mail.raw.includes(sink.password), 'no SMTP password in the mail');
          assert.ok(!/whsec_|access_token|refresh_token=/i.test(mail.raw));
        }
        const rows = await createRepositories(setup.store.db).emailDeliveries.listForWorkspace(
          setup.a.id,
          100,
        );
        assert.ok(rows.every((r) => r.state === 'delivered' && r.attempts === 1));

        // Still broken: nothing new is announced, so nothing is sent again.
        await check(setup, id);
        setup.advance(DAY);
        assert.deepEqual(await send(setup), []);
      } finally {
        await setup.close();
      }
    });

    test('password.expiring, permissions.missing and api_limit.warning are each emailed once', async () => {
      const { org, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      // Earlier tests moved the emulator's clock: start both clocks level.
      setup.advance(emulator.clock.now() - setup.ctx.now());
      try {
        await withAdmins(setup);

        // A password-flow connection whose password expires in 90 days.
        const user = createUser(emulator, org.id, {
          username: `expiring.${Date.now()}@acme.example`,
          profile: 'System Administrator',
        });
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/connections', {
          nickname: 'Password flow',
          environment: 'production',
          authFlow: 'password',
          credentials: {
            username: user.username,
            password: user.password,
            securityToken: user.securityToken,
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        const passwordId = created.json<{ connection: { id: string } }>().connection.id;
        const first = (await check(setup, passwordId)).json<{ passwordExpiresAt: string }>();
        assert.deepEqual(await send(setup), [], 'nothing to say yet');
        setup.advance(Date.parse(first.passwordExpiresAt) - 13 * DAY - setup.ctx.now());
        await check(setup, passwordId);
        await check(setup, passwordId);
        let mails = await send(setup);
        assertOnePerAdmin(mails);
        assert.equal(
          mails[0]!.subject,
          'The Salesforce password of the connection "Password flow" expires in 13 days',
        );
        assert.ok(mails[0]!.text.includes(user.username));
        assert.ok(mails[0]!.text.includes(`action=reauthorize`));
        assert.ok(!mails[0]!.raw.includes(user.password), 'never the password itself');
        assert.ok(!mails[0]!.raw.includes(user.securityToken));

        // A Standard User cannot do what the abm preset needs.
        const rep = createUser(emulator, org.id, {
          username: `rep.${Date.now()}@acme.example`,
          profile: 'Standard User',
        });
        const { id: repId } = await connectThroughApi(setup, rep, {
          nickname: 'Sales rep',
          permissions: { preset: 'abm' },
        });
        for (let i = 0; i < 2; i++) {
          const checked = await setup.call(
            setup.a.apiKey,
            'POST',
            `/api/v1/connections/${repId}/permissions/check`,
          );
          assert.equal(checked.statusCode, 200, checked.body);
        }
        mails = await send(setup);
        assertOnePerAdmin(mails);
        assert.equal(
          mails[0]!.subject,
          'Action needed: a permission is missing for the Salesforce connection "Sales rep"',
        );
        assert.match(mails[0]!.text, /Missing:\n {2}- /);
        assert.ok(mails[0]!.text.includes(`?connection=${repId}&action=permissions`));

        // The org's API usage climbs past 80 %.
        const max = emulator.requireOrg(org.id).settings.dailyApiRequests;
        setApiUsage(emulator, org.id, Math.ceil(max * 0.81));
        await check(setup, passwordId);
        await check(setup, passwordId);
        mails = await send(setup);
        assertOnePerAdmin(mails);
        assert.match(
          mails[0]!.subject,
          /^Salesforce org of the connection "Password flow" has used 8\d% of its daily API requests$/,
        );
        assert.deepEqual(await send(setup), [], 'each sent once');
        setApiUsage(emulator, org.id, 0);
      } finally {
        await setup.close();
      }
    });

    test('an SMTP server that is away is retried; no SMTP configured fails the email at once', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        await withAdmins(setup);
        const { id } = await connectThroughApi(setup, admin);
        revokeGrantsOfUser(emulator, org.id, admin.id);
        await check(setup, id);
        const repos = createRepositories(setup.store.db);

        const away = `smtp://mailer:${encodeURIComponent(sink.password)}@127.0.0.1:${await freePort()}`;
        const failing = new EmailDispatcher(setup.ctx, new SmtpMailer({ url: away, from: FROM }));
        await failing.tick();
        await failing.stop();
        let rows = await repos.emailDeliveries.listForWorkspace(setup.a.id, 100);
        assert.equal(rows.length, 2);
        for (const row of rows) {
          assert.equal(row.state, 'pending');
          assert.match(row.last_error ?? '', /^SMTP /);
          assert.ok(!row.last_error!.includes(sink.password), 'no password in the error');
          assert.ok(row.next_attempt_at! > setup.ctx.now());
        }
        setup.advance(60_000);
        const mails = await send(setup);
        assertOnePerAdmin(mails);

        // Without SMTP, emails are not kept waiting for a server that will never come.
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        const other = seedOrg(running);
        const second = await connectThroughApi(setup, other.admin, { nickname: 'Second' });
        revokeGrantsOfUser(emulator, other.org.id, other.admin.id);
        await check(setup, second.id);
        const unconfigured = new EmailDispatcher(setup.ctx, null);
        await unconfigured.tick();
        await unconfigured.stop();
        rows = await repos.emailDeliveries.listForWorkspace(setup.a.id, 100);
        const failed = rows.filter((r) => r.state === 'failed');
        assert.equal(failed.length, 2);
        assert.ok(failed.every((r) => r.last_error === EMAIL_NOT_CONFIGURED));
      } finally {
        await setup.close();
      }
    });
  });
}
