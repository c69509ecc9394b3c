import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { isLoopbackHost, loadConfig } from '../src/config.ts';
import { AppError } from '../src/errors.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'CONFIG_INVALID');
    return error.details.problems as string[];
  }
  assert.fail('expected CONFIG_INVALID');
}

test('defaults: embedded SQLite, a key file beside it, Salesforce hosts, port 3000', () => {
  const config = loadConfig({});
  assert.equal(config.databaseUrl, 'sqlite:./data/orgbridge.db');
  assert.equal(config.masterKey, null);
  assert.equal(config.masterKeyFile, resolve('./data/master.key'));
  assert.equal(config.salesforce.loginUrl, 'https://login.salesforce.com');
  assert.equal(config.salesforce.sandboxLoginUrl, 'https://test.salesforce.com');
  assert.equal(config.salesforce.clientId, null);
  assert.equal(config.port, 3000);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.allowInsecureLoopback, false);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.salesforce));
});

test('PostgreSQL needs an explicit master key', () => {
  assert.deepEqual(problemsOf({ ORGBRIDGE_DATABASE_URL: 'postgres://x@127.0.0.1/db' }), [
    'ORGBRIDGE_MASTER_KEY is required with PostgreSQL (base64 of 32 random bytes)',
  ]);
  const config = loadConfig({
    ORGBRIDGE_DATABASE_URL: 'postgres://x@127.0.0.1/db',
    ORGBRIDGE_MASTER_KEY: 'k',
  });
  assert.equal(config.masterKeyFile, null);
});

test('plain http to Salesforce only to loopback and only with the insecure switch', () => {
  const loopback = { ORGBRIDGE_SALESFORCE_LOGIN_URL: 'http://127.0.0.1:8400/login.salesforce.com' };
  assert.equal(problemsOf(loopback).length, 1);
  const allowed = loadConfig({ ...loopback, ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true' });
  assert.equal(allowed.salesforce.loginUrl, 'http://127.0.0.1:8400/login.salesforce.com');
  assert.equal(
    problemsOf({
      ORGBRIDGE_SALESFORCE_LOGIN_URL: 'http://evil.example.com',
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: '1',
    }).length,
    1,
  );
});

test('every problem is reported at once, and secret values are never echoed', () => {
  const secret = 'super-secret-client-secret-value';
  const problems = problemsOf({
    PORT: 'eighty',
    ORGBRIDGE_DATABASE_URL: 'mysql://x',
    ORGBRIDGE_SALESFORCE_CLIENT_SECRET: secret,
    ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'maybe',
    ORGBRIDGE_ADMIN_API_KEY: 'short',
  });
  assert.equal(problems.length, 5);
  assert.ok(problems.every((p) => !p.includes(secret) && !p.includes('short')));
});

test('loopback hosts', () => {
  for (const host of ['127.0.0.1', '127.5.6.7', 'localhost', '[::1]', '::1'])
    assert.ok(isLoopbackHost(host), host);
  for (const host of ['10.0.0.1', 'login.salesforce.com', '127.0.0.1.evil.com', '0.0.0.0'])
    assert.ok(!isLoopbackHost(host), host);
});

test('the metrics token: none by default; a short one is refused without being echoed', () => {
  assert.equal(loadConfig({}).metricsToken, null);
  assert.equal(loadConfig({}).refreshLeaseMs, 120_000);
  const problems = problemsOf({ ORGBRIDGE_METRICS_TOKEN: 'short-secret' });
  assert.deepEqual(problems, ['ORGBRIDGE_METRICS_TOKEN must be at least 16 characters']);
  assert.equal(
    loadConfig({ ORGBRIDGE_METRICS_TOKEN: 'metrics-token-0123456789' }).metricsToken,
    'metrics-token-0123456789',
  );
});
