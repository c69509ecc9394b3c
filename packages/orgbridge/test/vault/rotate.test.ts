import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/errors.ts';
import { KeyRing, keyIdOf, needsRewrap, open, rewrap, seal } from '../../src/vault/index.ts';
import { assertThrowsAppError, rememberSealed, rememberSecret, testKey } from './leak-check.ts';

const CONTEXT = 'connection:c_9:client_secret';
const SECRET = 'client-secret-7F3A9C2B1E4D';
rememberSecret(SECRET);

const oldKey = testKey();
const newKey = testKey();
const oldRing = new KeyRing(oldKey);
const rotatingRing = oldRing.rotatedTo(newKey);
const sealedUnderOld = rememberSealed(seal(oldRing, SECRET, CONTEXT));

test('rewrap moves a value to the current key id', () => {
  const rewrapped = rewrap(rotatingRing, sealedUnderOld, CONTEXT);
  assert.equal(keyIdOf(sealedUnderOld), oldKey.id);
  assert.equal(keyIdOf(rewrapped), newKey.id);
});

test('a rewrapped value opens to the same plaintext', () => {
  const rewrapped = rewrap(rotatingRing, sealedUnderOld, CONTEXT);
  assert.equal(open(rotatingRing, rewrapped, CONTEXT), SECRET);
});

test('rewrap keeps the payload IV and ciphertext byte-identical and replaces the wrapped key', () => {
  const before = sealedUnderOld.split('.');
  const after = rewrap(rotatingRing, sealedUnderOld, CONTEXT).split('.');
  assert.equal(after[4], before[4]);
  assert.equal(after[5], before[5]);
  assert.notEqual(after[2], before[2]);
  assert.notEqual(after[3], before[3]);
});

test('a rewrapped value opens after the old key is removed from the ring', () => {
  const rewrapped = rememberSealed(rewrap(rotatingRing, sealedUnderOld, CONTEXT));
  assert.equal(open(new KeyRing(newKey), rewrapped, CONTEXT), SECRET);
});

test('a rewrapped value no longer opens with only the old key', () => {
  const rewrapped = rewrap(rotatingRing, sealedUnderOld, CONTEXT);
  assertThrowsAppError(() => open(oldRing, rewrapped, CONTEXT), ErrorCode.VAULT_KEY_MISMATCH);
});

test('rewrap returns a value already under the current key unchanged', () => {
  const once = rewrap(rotatingRing, sealedUnderOld, CONTEXT);
  assert.equal(rewrap(rotatingRing, once, CONTEXT), once);
  const fresh = seal(rotatingRing, SECRET, CONTEXT);
  assert.equal(rewrap(rotatingRing, fresh, CONTEXT), fresh);
});

test('needsRewrap is true under a previous key and false after rewrap', () => {
  assert.equal(needsRewrap(rotatingRing, sealedUnderOld), true);
  assert.equal(needsRewrap(rotatingRing, rewrap(rotatingRing, sealedUnderOld, CONTEXT)), false);
});

test('rewrap with another context fails with VAULT_DECRYPT_FAILED', () => {
  assertThrowsAppError(
    () => rewrap(rotatingRing, sealedUnderOld, 'connection:c_9:password'),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});

test('rewrap of a value under a key missing from the ring fails with VAULT_KEY_MISMATCH', () => {
  assertThrowsAppError(
    () => rewrap(new KeyRing(newKey), sealedUnderOld, CONTEXT),
    ErrorCode.VAULT_KEY_MISMATCH,
  );
});

test('rewrap and needsRewrap refuse a malformed value with VAULT_DECRYPT_FAILED', () => {
  assertThrowsAppError(
    () => rewrap(rotatingRing, 'v1.nope', CONTEXT),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
  assertThrowsAppError(() => needsRewrap(rotatingRing, 'v1.nope'), ErrorCode.VAULT_DECRYPT_FAILED);
});
