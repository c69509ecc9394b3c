import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, type ApiInstance } from '../../src/http/app.ts';
import { ApiKeyRepository } from '../../src/store/api-key-repository.ts';
import type { Store } from '../../src/store/open-store.ts';
import { WorkspaceRepository } from '../../src/store/workspace-repository.ts';
import { WorkspaceService } from '../../src/workspaces/workspace-service.ts';
import { DIALECTS, openTestStore } from '../helpers/databases.ts';

const ADMIN_KEY = 'admin-key-for-tests-0123456789';

for (const dialect of DIALECTS) {
  describe(`workspaces API on ${dialect}`, () => {
    let store: Store;
    let app: ApiInstance;
    const errors: unknown[] = [];
    before(async () => {
      store = await openTestStore(dialect);
      const workspaces = new WorkspaceService({
        workspaces: new WorkspaceRepository(store.db),
        apiKeys: new ApiKeyRepository(store.db),
      });
      app = await buildApp({ adminApiKey: ADMIN_KEY, workspaces, logError: (e) => errors.push(e) });
    });
    after(async () => {
      await app.close();
      await store.close();
      assert.deepEqual(errors, [], 'no request ended in an unexpected error');
    });
    const call = (
      method: 'GET' | 'POST',
      url: string,
      key: string | null,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      app.inject({
        method,
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        ...(payload === undefined ? {} : { payload: payload as string }),
      });

    test('the admin key creates a workspace and gets its API key once', async () => {
      const created = await call('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Acme' });
      assert.equal(created.statusCode, 201);
      const body = created.json<{ id: string; name: string; apiKey: string; createdAt: string }>();
      assert.match(body.id, /^ws_/);
      assert.match(body.apiKey, /^obk_[A-Za-z0-9_-]{43}$/);
      const listed = await call('GET', '/api/v1/workspaces', ADMIN_KEY);
      assert.equal(listed.statusCode, 200);
      assert.ok(
        listed
          .json<{ workspaces: Array<{ id: string }> }>()
          .workspaces.some((w) => w.id === body.id),
      );
      assert.ok(!listed.body.includes(body.apiKey), 'the key is never shown again');
    });

    test('a workspace key cannot manage workspaces', async () => {
      const { apiKey } = (
        await call('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Beta' })
      ).json<{ apiKey: string }>();
      const response = await call('GET', '/api/v1/workspaces', apiKey);
      assert.equal(response.statusCode, 403);
      assert.equal(response.json<{ error: { code: string } }>().error.code, 'FORBIDDEN');
    });

    test('missing, malformed and unknown keys are UNAUTHENTICATED', async () => {
      for (const key of [null, 'obk_unknown']) {
        const response = await call('GET', '/api/v1/workspaces', key);
        assert.equal(response.statusCode, 401);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
      }
      const basic = await call('GET', '/api/v1/workspaces', null, undefined, {
        authorization: 'Basic abc',
      });
      assert.equal(basic.statusCode, 401);
    });

    test('bad bodies get 4xx with stable codes', async () => {
      const cases: Array<[unknown, Record<string, string>, number, string]> = [
        [{ name: '' }, {}, 400, 'VALIDATION_FAILED'],
        [{ name: 'x', extra: 1 }, {}, 400, 'VALIDATION_FAILED'],
        [{ name: 42 }, {}, 400, 'VALIDATION_FAILED'],
        ['{"name": ', { 'content-type': 'application/json' }, 400, 'VALIDATION_FAILED'],
        ['name=x', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
          { 'content-type': 'application/json' },
          413,
          'PAYLOAD_TOO_LARGE',
        ],
      ];
      for (const [payload, headers, status, code] of cases) {
        const response = await call('POST', '/api/v1/workspaces', ADMIN_KEY, payload, headers);
        assert.equal(response.statusCode, status, JSON.stringify(payload).slice(0, 60));
        assert.equal(response.json<{ error: { code: string } }>().error.code, code);
      }
    });

    test('unknown routes are NOT_FOUND; health and the OpenAPI document need no key', async () => {
      const missing = await call('GET', '/api/v1/nope', ADMIN_KEY);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
      assert.equal((await call('GET', '/healthz', null)).statusCode, 200);
      const openapi = await call('GET', '/api/v1/openapi.json', null);
      assert.equal(openapi.statusCode, 200);
      const doc = openapi.json<{ openapi: string; paths: Record<string, unknown> }>();
      assert.match(doc.openapi, /^3\./);
      assert.ok('/api/v1/workspaces' in doc.paths);
    });
  });
}
