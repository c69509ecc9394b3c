import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  advanceClock,
  clearFaults,
  createSession,
  exhaustApiLimit,
  expirePassword,
  injectFault,
  restoreApiLimit,
  setApiUsage,
  setUserPermission,
} from '@orgbridge/salesforce-emulator';
import {
  isSessionExpired,
  parseLimitInfo,
  salesforceOutcome,
  salesforceRequest,
  SalesforceApiError,
  type SalesforceRequestOptions,
} from '../../src/salesforce/index.ts';
import { failure, remember, seedOrg, useEmulator } from './support.ts';

const running = await useEmulator();

function session(options: { scopes?: string[] } = {}) {
  const seeded = seedOrg(running);
  const accessToken = remember(
    createSession(running.emulator, seeded.org.id, seeded.admin.id, options.scopes),
  );
  const call = <T = unknown>(overrides: Partial<SalesforceRequestOptions> = {}) =>
    salesforceRequest<T>({
      instanceUrl: seeded.myDomainUrl,
      accessToken,
      path: '/services/data/v62.0/query?q=' + encodeURIComponent('SELECT Id, Name FROM User'),
      allowInsecureLoopback: true,
      ...overrides,
    });
  return { seeded, accessToken, call };
}

test('a query returns parsed JSON and the API usage from Sforce-Limit-Info', async () => {
  const { seeded, call } = session();
  setApiUsage(running.emulator, seeded.org.id, 100);
  const result = await call<{ totalSize: number; records: unknown[] }>();
  assert.equal(result.status, 200);
  assert.equal(result.body.totalSize, 1);
  assert.deepEqual(result.limits, { used: 101, max: 15000 });
});

test('writes send JSON and return the created record', async () => {
  const { call } = session();
  const created = await call<{ id: string; success: boolean }>({
    method: 'POST',
    path: '/services/data/v62.0/sobjects/Account',
    body: { Name: 'Acme' },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.success, true);
  const deleted = await call({
    method: 'DELETE',
    path: `/services/data/v62.0/sobjects/Account/${created.body.id}`,
  });
  assert.equal(deleted.status, 204);
  assert.equal(deleted.body, null);
});

test('Sforce-Limit-Info parsing keeps api-usage and ignores the other parts', () => {
  assert.deepEqual(parseLimitInfo('api-usage=1013/5000000'), { used: 1013, max: 5000000 });
  assert.deepEqual(
    parseLimitInfo('api-usage=18/5000; per-app-api-usage=17/250(appName=sample-app)'),
    { used: 18, max: 5000 },
  );
  assert.deepEqual(parseLimitInfo('per-app-api-usage=17/250(appName=x); api-usage=3/15000'), {
    used: 3,
    max: 15000,
  });
  assert.equal(parseLimitInfo('per-app-api-usage=17/250(appName=x)'), null);
  assert.equal(parseLimitInfo(null), null);
});

test('INVALID_SESSION_ID is the distinct session_expired condition', async (t) => {
  const { seeded, call } = session();
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, {
    kind: 'invalid_session',
    orgId: seeded.org.id,
    pathPrefix: '/services/data',
    count: 1,
  });
  const error = await failure(call());
  assert.ok(error instanceof SalesforceApiError);
  assert.ok(isSessionExpired(error));
  assert.equal(error.code, 'SALESFORCE_SESSION_EXPIRED');
  assert.equal(error.status, 401);
  assert.equal(error.errorCode, 'INVALID_SESSION_ID');
  assert.deepEqual(salesforceOutcome(error), { kind: 'session_expired' });
  await call();
});

test('a token without the api scope is access_denied, not an expired session', async () => {
  const { call } = session({ scopes: ['id'] });
  const error = await failure(call());
  assert.equal(error.code, 'SALESFORCE_ACCESS_DENIED');
  assert.equal(isSessionExpired(error), false);
});

test('an expired password on an API call is needs_reauth/password_expired, not a session', async () => {
  const { seeded, call } = session();
  expirePassword(running.emulator, seeded.org.id, seeded.admin.id);
  const error = await failure(call());
  assert.ok(error instanceof SalesforceApiError);
  assert.equal(error.errorCode, 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD');
  assert.equal(isSessionExpired(error), false);
  assert.deepEqual(salesforceOutcome(error), { kind: 'needs_reauth', reason: 'password_expired' });
});

test('REQUEST_LIMIT_EXCEEDED is rate_limited (SALESFORCE_LIMIT_EXCEEDED)', async () => {
  const { seeded, call } = session();
  exhaustApiLimit(running.emulator, seeded.org.id);
  const error = await failure(call());
  assert.equal(error.code, 'SALESFORCE_LIMIT_EXCEEDED');
  assert.deepEqual(salesforceOutcome(error), { kind: 'rate_limited' });
  assert.equal((error as SalesforceApiError).errorCode, 'REQUEST_LIMIT_EXCEEDED');
  restoreApiLimit(running.emulator, seeded.org.id);
  await call();
});

test('a user without API Enabled is access_denied', async () => {
  const { seeded, call } = session();
  setUserPermission(
    running.emulator,
    seeded.org.id,
    { profile: 'System Administrator' },
    'ApiEnabled',
    false,
  );
  try {
    const error = await failure(call());
    assert.equal(error.code, 'SALESFORCE_ACCESS_DENIED');
    assert.equal((error as SalesforceApiError).errorCode, 'API_CURRENTLY_DISABLED');
  } finally {
    setUserPermission(
      running.emulator,
      seeded.org.id,
      { profile: 'System Administrator' },
      'ApiEnabled',
      true,
    );
  }
});

test('a malformed query is invalid_request with Salesforce error code and message', async () => {
  const { call } = session();
  const error = await failure(
    call({ path: '/services/data/v62.0/query?q=' + encodeURIComponent('SELECT Id FORM Account') }),
  );
  assert.ok(error instanceof SalesforceApiError);
  assert.equal(error.code, 'SALESFORCE_ERROR');
  assert.equal(error.status, 400);
  assert.equal(error.errorCode, 'MALFORMED_QUERY');
  assert.match(String(error.details.description), /unexpected token: FORM/);
  assert.deepEqual(salesforceOutcome(error), { kind: 'invalid_request' });
});

test('DML errors carry their fields', async () => {
  const { call } = session();
  const error = await failure(
    call({ method: 'POST', path: '/services/data/v62.0/sobjects/Contact', body: {} }),
  );
  assert.ok(error instanceof SalesforceApiError);
  assert.equal(error.errorCode, 'REQUIRED_FIELD_MISSING');
  assert.deepEqual(error.fields, ['LastName']);
});

test('5xx, dropped connections and timeouts on API calls are transient', async (t) => {
  const { seeded, call } = session();
  t.after(() => clearFaults(running.emulator));
  injectFault(running.emulator, {
    kind: 'status',
    status: 503,
    orgId: seeded.org.id,
    pathPrefix: '/services/data',
    count: 1,
  });
  const unavailable = await failure(call());
  assert.equal(unavailable.code, 'SALESFORCE_UNAVAILABLE');
  assert.deepEqual(salesforceOutcome(unavailable), {
    kind: 'transient',
    reason: 'salesforce_unavailable',
  });

  injectFault(running.emulator, {
    kind: 'drop',
    orgId: seeded.org.id,
    pathPrefix: '/services/data',
    count: 1,
  });
  assert.deepEqual(salesforceOutcome(await failure(call())), {
    kind: 'transient',
    reason: 'network_error',
  });

  injectFault(running.emulator, {
    kind: 'latency',
    latencyMs: 1_000,
    orgId: seeded.org.id,
    pathPrefix: '/services/data',
    count: 1,
  });
  assert.deepEqual(salesforceOutcome(await failure(call({ timeoutMs: 100 }))), {
    kind: 'transient',
    reason: 'timeout',
  });
});

test('paths that could leave the instance are refused before any request', async () => {
  const { call } = session();
  let requests = 0;
  const counting: typeof fetch = (...args) => {
    requests += 1;
    return fetch(...args);
  };
  for (const path of [
    '//evil.example/services/data',
    'services/data',
    '/services/../../evil',
    '/services/%2e%2e/%2E%2e/other.my.salesforce.com/x',
    '/services/.%2e/x',
    'https://evil.example/x',
    '/services\\data',
  ]) {
    const error = await failure(call({ path, fetch: counting }));
    assert.equal(error.code, 'VALIDATION_FAILED', path);
  }
  assert.equal(requests, 0);
});

test('plain http to the instance is refused without the insecure switch', async () => {
  const { call } = session();
  const error = await failure(call({ allowInsecureLoopback: false }));
  assert.equal(error.code, 'VALIDATION_FAILED');
});

test('an idle session past the org timeout is session_expired', async () => {
  const { call } = session();
  await call();
  advanceClock(running.emulator, 3 * 3600 * 1000);
  const error = await failure(call());
  assert.ok(isSessionExpired(error));
});
