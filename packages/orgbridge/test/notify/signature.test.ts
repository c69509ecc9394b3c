/**
 * The webhook signature (docs/notifications.md): a receiver recomputes the HMAC-SHA256 of
 * `${timestamp}.${rawBody}` with the secret and compares it with `Orgbridge-Signature`.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { signWebhookPayload, verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';

const secret = 'whsec_test-secret-0123456789';
const body = JSON.stringify({ id: 'evt_1', type: 'connection.needs_reauth', data: { a: 1 } });
const now = 1_800_000_000;

test('the signature is v1= and the hex HMAC-SHA256 of "timestamp.body", as documented', () => {
  const header = signWebhookPayload(secret, now, body);
  const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
  assert.equal(header, `v1=${expected}`);
});

test('a receiver verifies a genuine request', () => {
  const header = signWebhookPayload(secret, now, body);
  assert.equal(verifyWebhookSignature(secret, String(now), body, header, 300, now + 10), true);
  assert.equal(
    verifyWebhookSignature(secret, now, Buffer.from(body), header, 300, now - 10),
    true,
    'raw bytes and a numeric timestamp work too',
  );
});

test('a tampered body, timestamp or signature, or another secret, fails', () => {
  const header = signWebhookPayload(secret, now, body);
  const tampered = body.replace('"a":1', '"a":2');
  assert.equal(verifyWebhookSignature(secret, now, tampered, header, 300, now), false);
  assert.equal(verifyWebhookSignature(secret, now + 1, body, header, 300, now), false);
  assert.equal(verifyWebhookSignature('whsec_other', now, body, header, 300, now), false);
  const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
  assert.equal(verifyWebhookSignature(secret, now, body, flipped, 300, now), false);
  assert.equal(verifyWebhookSignature(secret, now, body, header.slice(0, 20), 300, now), false);
  assert.equal(verifyWebhookSignature(secret, now, body, '', 300, now), false);
  assert.equal(verifyWebhookSignature(secret, now, body, undefined, 300, now), false);
  assert.equal(verifyWebhookSignature(secret, `${now}abc`, body, header, 300, now), false);
});

test('a request older or newer than the tolerance fails (no replay)', () => {
  const header = signWebhookPayload(secret, now, body);
  assert.equal(verifyWebhookSignature(secret, now, body, header, 300, now + 301), false);
  assert.equal(verifyWebhookSignature(secret, now, body, header, 300, now - 301), false);
  assert.equal(verifyWebhookSignature(secret, now, body, header, 300, now + 300), true);
});

test('one matching v1 value among several is enough', () => {
  const header = signWebhookPayload(secret, now, body);
  const other = signWebhookPayload('whsec_other', now, body);
  assert.equal(verifyWebhookSignature(secret, now, body, `${other}, ${header}`, 300, now), true);
  assert.equal(verifyWebhookSignature(secret, now, body, `v0=${header.slice(3)}`, 300, now), false);
});
