/**
 * Notification configuration: the delivery interval, the SMTP URL and the From address, with
 * problems reported without ever repeating the SMTP password.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';

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

test('defaults: deliveries polled every second, no email', () => {
  const config = loadConfig({});
  assert.equal(config.webhookIntervalMs, 1000);
  assert.equal(config.smtpUrl, null);
  assert.equal(config.emailFrom, null);
});

test('the delivery interval: 0 turns it off; too small or not a number is refused', () => {
  assert.equal(loadConfig({ ORGBRIDGE_WEBHOOK_INTERVAL_MS: '0' }).webhookIntervalMs, 0);
  assert.equal(loadConfig({ ORGBRIDGE_WEBHOOK_INTERVAL_MS: '250' }).webhookIntervalMs, 250);
  assert.deepEqual(problemsOf({ ORGBRIDGE_WEBHOOK_INTERVAL_MS: '50' }), [
    'ORGBRIDGE_WEBHOOK_INTERVAL_MS must be 0 (off) or at least 100',
  ]);
  assert.deepEqual(problemsOf({ ORGBRIDGE_WEBHOOK_INTERVAL_MS: 'soon' }), [
    'ORGBRIDGE_WEBHOOK_INTERVAL_MS must be an integer from 0 to 3600000',
  ]);
});

test('SMTP: smtp:// or smtps:// with a From address; the password is never repeated', () => {
  const config = loadConfig({
    ORGBRIDGE_SMTP_URL: 'smtps://mailer:s3cret-pw@smtp.example.com:465',
    ORGBRIDGE_EMAIL_FROM: 'orgbridge <orgbridge@example.com>',
  });
  assert.equal(config.smtpUrl, 'smtps://mailer:s3cret-pw@smtp.example.com:465');
  assert.equal(config.emailFrom, 'orgbridge <orgbridge@example.com>');

  const missingFrom = problemsOf({
    ORGBRIDGE_SMTP_URL: 'smtp://mailer:s3cret-pw@smtp.example.com',
  });
  assert.deepEqual(missingFrom, [
    'ORGBRIDGE_EMAIL_FROM is required with ORGBRIDGE_SMTP_URL (e.g. orgbridge@example.com)',
  ]);
  for (const url of [
    'https://mailer:s3cret-pw@smtp.example.com',
    'smtp://',
    'mailer:s3cret-pw@smtp.example.com',
  ]) {
    const problems = problemsOf({ ORGBRIDGE_SMTP_URL: url, ORGBRIDGE_EMAIL_FROM: 'a@b.example' });
    assert.equal(problems.length, 1, url);
    assert.match(problems[0]!, /^ORGBRIDGE_SMTP_URL must be smtp:/);
    assert.ok(!problems.join(' ').includes('s3cret-pw'), 'no password in the problems');
  }
  assert.deepEqual(problemsOf({ ORGBRIDGE_EMAIL_FROM: 'not an address' }), [
    'ORGBRIDGE_EMAIL_FROM must be an email address, e.g. "orgbridge <orgbridge@example.com>"',
  ]);
});
