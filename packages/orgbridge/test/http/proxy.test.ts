import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import {
  clearFaults,
  expirePassword,
  injectFault,
  setApiUsage,
} from '@orgbridge/salesforce-emulator';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, errorCode, openApi, type ApiSetup } from '../helpers/api.ts';

const running = await useSalesforce();

/** Sends a raw request over a socket: the path reaches orgbridge exactly as written. */
async function rawGet(setup: ApiSetup, path: string): Promise<{ status: number; body: string }> {
  const address = setup.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: address.port,
        path,
        method: 'GET',
        headers: { authorization: `Bearer ${setup.a.apiKey}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

for (const dialect of DIALECTS) {
  describe(`proxy on ${dialect}`, () => {
    test('GET with a query string reaches the org and Salesforce’s answer comes back unchanged', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const q = encodeURIComponent('SELECT Id, Name FROM Account');
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/query?q=${q}`,
          undefined,
          { cookie: 'session=do-not-forward' },
        );
        assert.equal(response.statusCode, 200, response.body);
        assert.match(String(response.headers['content-type']), /^application\/json/);
        assert.match(String(response.headers['sforce-limit-info']), /api-usage=\d+\/\d+/);
        const body = response.json<{ totalSize: number; done: boolean; records: unknown[] }>();
        assert.equal(typeof body.totalSize, 'number');
        assert.equal(body.done, true);

        const sent = setup.outbound.at(-1)!;
        assert.ok(sent.url.endsWith(`/services/data/v60.0/query?q=${q}`), sent.url);
        assert.match(sent.headers.get('authorization')!, /^Bearer /);
        assert.ok(!sent.headers.get('authorization')!.includes(setup.a.apiKey));
        assert.equal(sent.headers.get('cookie'), null);
      } finally {
        await setup.close();
      }
    });

    test('POST creates a record through the proxy; its Location and status come back', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const base = `/api/v1/connections/${id}/proxy/services/data/v60.0/sobjects/Account`;
        const created = await setup.call(setup.a.apiKey, 'POST', base, { Name: 'Proxied Inc' });
        assert.equal(created.statusCode, 201, created.body);
        const { id: recordId, success } = created.json<{ id: string; success: boolean }>();
        assert.equal(success, true);
        assert.ok(String(created.headers.location).endsWith(`/sobjects/Account/${recordId}`));
        const read = await setup.call(setup.a.apiKey, 'GET', `${base}/${recordId}`);
        assert.equal(read.statusCode, 200);
        assert.equal(read.json<{ Name: string }>().Name, 'Proxied Inc');

        const patched = await setup.call(setup.a.apiKey, 'PATCH', `${base}/${recordId}`, {
          Name: 'Renamed',
        });
        assert.equal(patched.statusCode, 204);
        const deleted = await setup.call(setup.a.apiKey, 'DELETE', `${base}/${recordId}`);
        assert.equal(deleted.statusCode, 204);
        const gone = await setup.call(setup.a.apiKey, 'GET', `${base}/${recordId}`);
        assert.equal(gone.statusCode, 404, 'Salesforce’s own 404 passes through');
        assert.equal(gone.json<Array<{ errorCode: string }>>()[0]!.errorCode, 'NOT_FOUND');
      } finally {
        await setup.close();
      }
    });

    test('a body of any type travels as bytes, up to 10 MiB', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const url = `/api/v1/connections/${id}/proxy/services/data/v60.0/sobjects/Account`;
        const csv = 'Name\n"A, Inc."\n';
        const response = await setup.call(setup.a.apiKey, 'POST', url, csv, {
          'content-type': 'text/csv',
        });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, response.body);
        const sent = setup.outbound.at(-1)!;
        assert.equal(sent.body, csv);
        assert.equal(sent.headers.get('content-type'), 'text/csv');

        const mebibyte = `Name\n${'x'.repeat(1024 * 1024)}\n`;
        const large = await setup.call(setup.a.apiKey, 'POST', url, mebibyte, {
          'content-type': 'text/csv',
        });
        assert.notEqual(large.statusCode, 413, 'bigger than the API’s own bodies is fine here');
        assert.equal(setup.outbound.at(-1)!.body.length, mebibyte.length);

        const big = await setup.call(setup.a.apiKey, 'POST', url, 'x'.repeat(11 * 1024 * 1024), {
          'content-type': 'text/csv',
        });
        assert.equal(big.statusCode, 413);
        assert.equal(errorCode(big), 'PAYLOAD_TOO_LARGE');
      } finally {
        await setup.close();
      }
    });

    test('INVALID_SESSION_ID: one refresh, one retry, and the caller never sees it', async (t) => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      t.after(() => clearFaults(running.emulator));
      try {
        const { id } = await connectThroughApi(setup, admin);
        const before = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/access-token`)
        ).json<{ accessToken: string }>();
        injectFault(running.emulator, {
          kind: 'invalid_session',
          count: 1,
          orgId: org.id,
          pathPrefix: '/services/data',
        });
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/sobjects/Account/describe`,
        );
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(setup.refreshes(), 1);
        const dataCalls = setup.outbound.filter((r) =>
          r.url.includes('/sobjects/Account/describe'),
        );
        assert.equal(dataCalls.length, 2, 'sent once, retried once');
        const after = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/access-token`)
        ).json<{ accessToken: string }>();
        assert.notEqual(after.accessToken, before.accessToken);
      } finally {
        await setup.close();
      }
    });

    test('a second INVALID_SESSION_ID is returned as Salesforce sent it: exactly one retry', async (t) => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      t.after(() => clearFaults(running.emulator));
      try {
        const { id } = await connectThroughApi(setup, admin);
        injectFault(running.emulator, {
          kind: 'invalid_session',
          count: 2,
          orgId: org.id,
          pathPrefix: '/services/data',
        });
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/limits`,
        );
        assert.equal(response.statusCode, 401);
        assert.equal(
          response.json<Array<{ errorCode: string }>>()[0]!.errorCode,
          'INVALID_SESSION_ID',
        );
        assert.equal(setup.refreshes(), 1);
        assert.equal(setup.outbound.filter((r) => r.url.endsWith('/limits')).length, 2);
      } finally {
        await setup.close();
      }
    });

    test('an expired password seen through the proxy marks the connection needs_reauth at once, without a refresh loop', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        expirePassword(running.emulator, org.id, admin.username);
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/limits`,
        );
        assert.equal(response.statusCode, 401, 'Salesforce’s answer comes back unchanged');
        assert.equal(
          response.json<Array<{ errorCode: string }>>()[0]!.errorCode,
          'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
        );
        assert.equal(setup.refreshes(), 0, 'no refresh cures an expired password');
        assert.equal(setup.outbound.filter((r) => r.url.endsWith('/limits')).length, 1);
        const shown = (await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}`)).json<{
          status: string;
          statusReason: string;
        }>();
        assert.deepEqual([shown.status, shown.statusReason], ['needs_reauth', 'password_expired']);
        const next = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/limits`,
        );
        assert.equal(next.statusCode, 409);
        assert.equal(errorCode(next), 'REAUTH_REQUIRED');
        assert.equal(setup.outbound.filter((r) => r.url.endsWith('/limits')).length, 1);
      } finally {
        await setup.close();
      }
    });

    test('the host application’s calls feed the API-limit watch', async () => {
      const { org, admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        const max = running.emulator.requireOrg(org.id).settings.dailyApiRequests;
        setApiUsage(running.emulator, org.id, Math.ceil(max * 0.85));
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/sobjects`,
        );
        assert.equal(response.statusCode, 200);
        const events = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/events?connectionId=${id}`)
        ).json<{ events: Array<{ type: string; data: { threshold?: number } }> }>().events;
        const warning = events.find((e) => e.type === 'api_limit.warning');
        assert.equal(warning?.data.threshold, 80);
        const health = (
          await setup.call(setup.a.apiKey, 'GET', `/api/v1/connections/${id}/health`)
        ).json<{ apiUsage: { percent: number } }>();
        assert.ok(health.apiUsage.percent >= 85);
      } finally {
        await setup.close();
      }
    });

    test('paths that would leave the instance are refused before anything is sent', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.app.listen({ port: 0, host: '127.0.0.1' });
        const sentBefore = setup.outbound.length;
        const proxy = `/api/v1/connections/${id}/proxy`;
        for (const path of [
          `${proxy}/services/data/../../../other.my.salesforce.com/services/data`,
          `${proxy}/services/data/%2e%2e/%2E%2E/x`,
          `${proxy}/services/data/.%2e/x`,
          `${proxy}/services%2fdata/v60.0`,
          `${proxy}/services%5c..%5cx`,
          `${proxy}//evil.example/services/data`,
          `${proxy}/https://evil.example/services/data`,
          `${proxy}/services/data/%E0%A4%A`,
        ]) {
          const response = await rawGet(setup, path);
          assert.equal(response.status, 400, `${path}: ${response.body}`);
          assert.equal(
            (JSON.parse(response.body) as { error: { code: string } }).error.code,
            'VALIDATION_FAILED',
          );
        }
        assert.equal(setup.outbound.length, sentBefore, 'nothing went to Salesforce');
      } finally {
        await setup.close();
      }
    });

    test('a disabled connection proxies nothing', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      try {
        const { id } = await connectThroughApi(setup, admin);
        await setup.call(setup.a.apiKey, 'POST', `/api/v1/connections/${id}/disable`);
        const response = await setup.call(
          setup.a.apiKey,
          'GET',
          `/api/v1/connections/${id}/proxy/services/data/v60.0/`,
        );
        assert.equal(response.statusCode, 409);
        assert.equal(errorCode(response), 'CONNECTION_DISABLED');
      } finally {
        await setup.close();
      }
    });
  });
}
