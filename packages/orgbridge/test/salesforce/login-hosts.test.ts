import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/errors.ts';
import { resolveLoginBaseUrl, validateMyDomainUrl } from '../../src/salesforce/index.ts';

const config = {
  loginUrl: 'https://login.salesforce.com',
  sandboxLoginUrl: 'https://test.salesforce.com/',
  allowInsecureLoopback: false,
};

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'LOGIN_URL_INVALID');
    return error;
  }
  assert.fail('expected LOGIN_URL_INVALID');
}

test('production and sandbox resolve to the configured login URLs', () => {
  assert.equal(resolveLoginBaseUrl('production', null, config), 'https://login.salesforce.com');
  assert.equal(resolveLoginBaseUrl('sandbox', null, config), 'https://test.salesforce.com');
});

test('custom accepts the documented My Domain forms and normalizes them', () => {
  const accepted: [string, string][] = [
    ['https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['https://ACME.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['https://acme--dev.sandbox.my.salesforce.com', 'https://acme--dev.sandbox.my.salesforce.com'],
    ['https://acme.develop.my.salesforce.com', 'https://acme.develop.my.salesforce.com'],
    ['https://na1.salesforce.com', 'https://na1.salesforce.com'],
    ['https://acme.cloudforce.com', 'https://acme.cloudforce.com'],
    ['https://acme.my.salesforce.mil', 'https://acme.my.salesforce.mil'],
    ['https://acme.my.sfcrmproducts.cn', 'https://acme.my.sfcrmproducts.cn'],
    ['https://acme.force.com', 'https://acme.force.com'],
  ];
  for (const [input, expected] of accepted) {
    assert.equal(resolveLoginBaseUrl('custom', input, config), expected, input);
  }
});

test('custom refuses non-Salesforce hosts, paths, ports, queries and credentials', () => {
  for (const input of [
    '',
    'https://salesforce.com.evil.example',
    'https://evil.example/acme.my.salesforce.com',
    'https://salesforce.com',
    'https://acme.my.salesforce.com/services/oauth2',
    'https://acme.my.salesforce.com:8443',
    'https://acme.my.salesforce.com?x=1',
    'https://user:pw@acme.my.salesforce.com',
    'ftp://acme.my.salesforce.com',
    'https://',
  ]) {
    refusal(() => validateMyDomainUrl(input, true));
  }
});

test('a lightning.force.com URL is refused with a hint naming the My Domain URL', () => {
  const error = refusal(() => validateMyDomainUrl('https://acme.lightning.force.com/', false));
  assert.match(error.message, /https:\/\/acme\.my\.salesforce\.com/);
  assert.equal(error.details.hint, 'use the My Domain URL https://acme.my.salesforce.com');
  const sandbox = refusal(() =>
    validateMyDomainUrl('https://acme--dev.sandbox.lightning.force.com', false),
  );
  assert.match(sandbox.message, /acme--dev\.sandbox\.my\.salesforce\.com/);
});

test('plain http is refused without the insecure switch, even to loopback', () => {
  refusal(() => validateMyDomainUrl('http://127.0.0.1:8400/acme.my.salesforce.com', false));
  refusal(() => validateMyDomainUrl('http://acme.my.salesforce.com', false));
  refusal(() =>
    resolveLoginBaseUrl('production', null, { ...config, loginUrl: 'http://127.0.0.1:1' }),
  );
});

test('with the insecure switch, loopback http is allowed with any path; other http is not', () => {
  assert.equal(
    validateMyDomainUrl('http://127.0.0.1:8400/acme.my.salesforce.com/', true),
    'http://127.0.0.1:8400/acme.my.salesforce.com',
  );
  assert.equal(validateMyDomainUrl('http://localhost:3000', true), 'http://localhost:3000');
  assert.equal(validateMyDomainUrl('http://[::1]:3000/x', true), 'http://[::1]:3000/x');
  refusal(() => validateMyDomainUrl('http://acme.my.salesforce.com', true));
  refusal(() => validateMyDomainUrl('http://10.0.0.1/acme.my.salesforce.com', true));
  assert.equal(
    resolveLoginBaseUrl('sandbox', null, {
      ...config,
      sandboxLoginUrl: 'http://127.0.0.1:8400/test.salesforce.com',
      allowInsecureLoopback: true,
    }),
    'http://127.0.0.1:8400/test.salesforce.com',
  );
});
