/**
 * The webhook and notification-settings routes: the secret shown once and stored sealed, the
 * workspace boundary, and bad input answered with 4xx and stable codes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requireWebhookUrl } from '../../src/notify/webhook-url.ts';
import { webhookSecretContext } from '../../src/notify/webhook-secret.ts';
import { isAppError } from '../../src/errors.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { ADMIN_KEY, errorCode, openApi } from '../helpers/api.ts';

const running = await useSalesforce();

interface WebhookBody {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
  secret?: string;
}

test('webhook URLs: https, or http to loopback only with the insecure switch; no credentials', () => {
  assert.equal(
    requireWebhookUrl('https://hooks.example.com/in?x=1', false),
    'https://hooks.example.com/in?x=1',
  );
  assert.equal(requireWebhookUrl('http://127.0.0.1:8080/in', true), 'http://127.0.0.1:8080/in');
  for (const [url, insecure] of [
    ['http://127.0.0.1:8080/in', false],
    ['http://hooks.example.com/in', true],
    ['ftp://hooks.example.com/in', true],
    ['https://user:pw@hooks.example.com/in', false],
    ['https://hooks.example.com/in#frag', false],
    ['hooks.example.com/in', false],
    [`https://hooks.example.com/${'x'.repeat(2048)}`, false],
  ] as const) {
    assert.throws(
      () => requireWebhookUrl(url, insecure),
      (e) => isAppError(e, 'WEBHOOK_URL_INVALID'),
      url,
    );
  }
});

for (const dialect of DIALECTS) {
  describe(`webhook routes on ${dialect}`, () => {
    test('the secret is returned on creation only, stored sealed, and never listed', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const created = await setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', {
          url: 'https://hooks.example.com/orgbridge?tenant=7',
          events: ['connection.needs_reauth', 'connection.restored'],
          description: 'ops',
        });
        assert.equal(created.statusCode, 201, created.body);
        const hook = created.json<WebhookBody>();
        assert.match(hook.id, /^wh_/);
        assert.match(hook.secret!, /^whsec_[A-Za-z0-9_-]{43}$/);
        assert.deepEqual(hook.events, ['connection.needs_reauth', 'connection.restored']);
        assert.equal(hook.url, 'https://hooks.example.com/orgbridge?tenant=7');
        assert.equal(hook.description, 'ops');

        const list = await setup.call(setup.a.apiKey, 'GET', '/api/v1/webhooks');
        assert.equal(list.statusCode, 200);
        assert.ok(!list.body.includes(hook.secret!), 'no secret in the list');
        const listed = list.json<{ webhooks: WebhookBody[] }>().webhooks;
        assert.deepEqual(listed, [
          {
            id: hook.id,
            url: hook.url,
            events: hook.events,
            description: 'ops',
            createdAt: hook.createdAt,
          },
        ]);
        const one = await setup.call(setup.a.apiKey, 'GET', `/api/v1/webhooks/${hook.id}`);
        assert.equal(one.statusCode, 200);
        assert.ok(!one.body.includes(hook.secret!));
        assert.equal(one.json<WebhookBody>().secret, undefined);

        const row = await setup.store.db
          .selectFrom('webhook')
          .selectAll()
          .where('id', '=', hook.id)
          .executeTakeFirstOrThrow();
        assert.ok(!row.secret_sealed.includes(hook.secret!), 'stored sealed');
        assert.equal(
          setup.ctx.vault.open(row.secret_sealed, webhookSecretContext(hook.id)),
          hook.secret,
        );

        const all = await setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', {
          url: 'https://hooks.example.com/all',
          events: ['*'],
        });
        assert.equal(all.statusCode, 201);
        assert.notEqual(all.json<WebhookBody>().secret, hook.secret, 'a secret per webhook');
        assert.equal(all.json<WebhookBody>().description, null);
      } finally {
        await setup.close();
      }
    });

    test('delete removes the webhook; another workspace and the admin key see nothing', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const hook = (
          await setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', {
            url: 'https://hooks.example.com/a',
            events: ['*'],
          })
        ).json<WebhookBody>();
        for (const [method, url] of [
          ['GET', `/api/v1/webhooks/${hook.id}`],
          ['DELETE', `/api/v1/webhooks/${hook.id}`],
          ['GET', `/api/v1/webhooks/${hook.id}/deliveries`],
          ['POST', `/api/v1/webhooks/${hook.id}/deliveries/whd_x/redeliver`],
        ] as const) {
          const theirs = await setup.call(setup.b.apiKey, method, url);
          assert.equal(theirs.statusCode, 404, `${method} ${url}`);
          assert.equal(errorCode(theirs), 'WEBHOOK_NOT_FOUND');
        }
        const theirList = await setup.call(setup.b.apiKey, 'GET', '/api/v1/webhooks');
        assert.deepEqual(theirList.json(), { webhooks: [] });
        const admin = await setup.call(ADMIN_KEY, 'GET', '/api/v1/webhooks');
        assert.equal(admin.statusCode, 403);
        assert.equal(errorCode(admin), 'FORBIDDEN');
        const anonymous = await setup.call(null, 'POST', '/api/v1/webhooks', {
          url: 'https://hooks.example.com/a',
          events: ['*'],
        });
        assert.equal(anonymous.statusCode, 401);

        const missing = await setup.call(
          setup.a.apiKey,
          'POST',
          `/api/v1/webhooks/${hook.id}/deliveries/whd_nope/redeliver`,
        );
        assert.equal(missing.statusCode, 404);
        assert.equal(errorCode(missing), 'WEBHOOK_DELIVERY_NOT_FOUND');

        const deleted = await setup.call(setup.a.apiKey, 'DELETE', `/api/v1/webhooks/${hook.id}`);
        assert.equal(deleted.statusCode, 204);
        const again = await setup.call(setup.a.apiKey, 'DELETE', `/api/v1/webhooks/${hook.id}`);
        assert.equal(again.statusCode, 404);
        assert.equal(errorCode(again), 'WEBHOOK_NOT_FOUND');
        assert.deepEqual((await setup.call(setup.a.apiKey, 'GET', '/api/v1/webhooks')).json(), {
          webhooks: [],
        });
      } finally {
        await setup.close();
      }
    });

    test('bad input is a 4xx with a stable code, never a 5xx', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const post = (body: unknown) =>
          setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', body);
        const ok = { url: 'https://hooks.example.com/x', events: ['*'] };
        const cases: Array<[unknown, number, string]> = [
          [{ ...ok, url: 'http://hooks.example.com/x' }, 400, 'WEBHOOK_URL_INVALID'],
          [{ ...ok, url: 'https://u:p@hooks.example.com/x' }, 400, 'WEBHOOK_URL_INVALID'],
          [{ ...ok, url: 'not a url' }, 400, 'WEBHOOK_URL_INVALID'],
          [{ ...ok, url: 'javascript:alert(1)' }, 400, 'WEBHOOK_URL_INVALID'],
          [{ ...ok, url: `https://h.example.com/${'x'.repeat(3000)}` }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, url: 'https://h.example.com/\u0000' }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, events: [] }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, events: ['connection.exploded'] }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, events: ['*', 'connection.created'] }, 400, 'VALIDATION_FAILED'],
          [
            { ...ok, events: ['connection.created', 'connection.created'] },
            400,
            'VALIDATION_FAILED',
          ],
          [{ ...ok, events: 'connection.created' }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, events: [42] }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, events: Array(51).fill('*') }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, description: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
          [{ ...ok, secret: 'mine' }, 400, 'VALIDATION_FAILED'],
          [{ events: ['*'] }, 400, 'VALIDATION_FAILED'],
          [{ url: ok.url }, 400, 'VALIDATION_FAILED'],
          [[], 400, 'VALIDATION_FAILED'],
        ];
        for (const [body, status, code] of cases) {
          const response = await post(body);
          assert.equal(response.statusCode, status, JSON.stringify(body).slice(0, 200));
          assert.equal(errorCode(response), code, JSON.stringify(body).slice(0, 200));
        }
        const text = await setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', 'url=x', {
          'content-type': 'text/plain',
        });
        assert.equal(text.statusCode, 415);
        const broken = await setup.call(setup.a.apiKey, 'POST', '/api/v1/webhooks', '{"url":', {
          'content-type': 'application/json',
        });
        assert.equal(broken.statusCode, 400);

        const hook = (await post(ok)).json<WebhookBody>();
        for (const query of [
          'limit=0',
          'limit=201',
          'limit=ten',
          'after=0',
          'after=-1',
          'after=abc',
          'after=99999999999999999999',
          'unknown=1',
        ]) {
          const response = await setup.call(
            setup.a.apiKey,
            'GET',
            `/api/v1/webhooks/${hook.id}/deliveries?${query}`,
          );
          assert.equal(response.statusCode, 400, query);
          assert.equal(errorCode(response), 'VALIDATION_FAILED', query);
        }
        for (const url of ['/api/v1/webhooks/..%2Fx', `/api/v1/webhooks/${'a'.repeat(101)}`]) {
          const response = await setup.call(setup.a.apiKey, 'GET', url);
          assert.equal(response.statusCode, 400, url);
        }

        for (let i = 1; i < 20; i++) assert.equal((await post(ok)).statusCode, 201);
        const tooMany = await post(ok);
        assert.equal(tooMany.statusCode, 409);
        assert.equal(errorCode(tooMany), 'WEBHOOK_LIMIT_REACHED');
      } finally {
        await setup.close();
      }
    });

    test('notification settings: admin addresses set, normalized, validated, per workspace', async () => {
      const { app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const path = '/api/v1/notification-settings';
        assert.deepEqual((await setup.call(setup.a.apiKey, 'GET', path)).json(), {
          adminEmails: [],
          updatedAt: null,
        });
        const put = await setup.call(setup.a.apiKey, 'PUT', path, {
          adminEmails: ['ops@acme.example', ' sf-admin@acme.example ', 'OPS@acme.example'],
        });
        assert.equal(put.statusCode, 200, put.body);
        assert.deepEqual(put.json<{ adminEmails: string[] }>().adminEmails, [
          'ops@acme.example',
          'sf-admin@acme.example',
        ]);
        const got = (await setup.call(setup.a.apiKey, 'GET', path)).json<{
          adminEmails: string[];
          updatedAt: string;
        }>();
        assert.deepEqual(got.adminEmails, ['ops@acme.example', 'sf-admin@acme.example']);
        assert.match(got.updatedAt, /^\d{4}-/);
        assert.deepEqual((await setup.call(setup.b.apiKey, 'GET', path)).json(), {
          adminEmails: [],
          updatedAt: null,
        });
        for (const body of [
          { adminEmails: ['not-an-address'] },
          { adminEmails: ['a@b.example\r\nBcc: x@evil.example'] },
          { adminEmails: ['a@b.example, c@d.example'] },
          { adminEmails: ['<a@b.example>'] },
          { adminEmails: Array.from({ length: 21 }, (_, i) => `a${i}@b.example`) },
          { adminEmails: 'a@b.example' },
          { adminEmails: ['a@b.example'], extra: 1 },
          {},
        ]) {
          const response = await setup.call(setup.a.apiKey, 'PUT', path, body);
          assert.equal(response.statusCode, 400, JSON.stringify(body));
          assert.equal(errorCode(response), 'VALIDATION_FAILED');
        }
        const cleared = await setup.call(setup.a.apiKey, 'PUT', path, { adminEmails: [] });
        assert.deepEqual(cleared.json<{ adminEmails: string[] }>().adminEmails, []);
      } finally {
        await setup.close();
      }
    });
  });
}
