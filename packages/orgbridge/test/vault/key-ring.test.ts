import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/errors.ts';
import { KeyRing } from '../../src/vault/index.ts';
import { assertThrowsAppError, testKey } from './leak-check.ts';

test('a key ring lists the current key id first, then previous ids without duplicates', () => {
  const [a, b, c] = [testKey(), testKey(), testKey()];
  const ring = new KeyRing(a, [b, a, c, b]);
  assert.deepEqual(ring.ids, [a.id, b.id, c.id]);
  assert.equal(ring.current, a);
});

test('a key ring finds previous keys by id', () => {
  const [a, b] = [testKey(), testKey()];
  const ring = new KeyRing(a, [b]);
  assert.equal(ring.get(b.id), b);
  assert.equal(ring.require(b.id), b);
  assert.equal(ring.get('0123456789abcdef'), undefined);
});

test('require of an unknown id fails with VAULT_KEY_MISMATCH naming the configured keys', () => {
  const [a, b] = [testKey(), testKey()];
  const error = assertThrowsAppError(
    () => new KeyRing(a, [b]).require('0123456789abcdef'),
    ErrorCode.VAULT_KEY_MISMATCH,
  );
  assert.match(error.message, /master key 0123456789abcdef, which is not configured/);
  assert.match(
    error.message,
    new RegExp(`the configured key is ${a.id} \\(previous keys: ${b.id}\\)`),
  );
  assert.deepEqual(error.details.previousKeyIds, [b.id]);
});

test('rotatedTo makes the new key current and keeps every old key', () => {
  const [a, b, c] = [testKey(), testKey(), testKey()];
  const rotated = new KeyRing(a, [b]).rotatedTo(c);
  assert.equal(rotated.current, c);
  assert.deepEqual(rotated.ids, [c.id, a.id, b.id]);
});
