import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { ErrorCode } from '../../src/errors.ts';
import { generateMasterKeyBase64, MasterKey, parseMasterKey } from '../../src/vault/index.ts';
import { assertThrowsAppError, rememberSecret } from './leak-check.ts';

function randomKeyBase64(bytes = 32): string {
  const material = randomBytes(bytes);
  rememberSecret(material);
  return material.toString('base64');
}

test('parseMasterKey accepts base64 of 32 bytes and derives a 16-hex-character id', () => {
  const key = parseMasterKey(randomKeyBase64());
  assert.match(key.id, /^[0-9a-f]{16}$/);
});

test('parseMasterKey gives the same id for the same key in any accepted spelling', () => {
  const material = randomBytes(32);
  rememberSecret(material);
  const ids = [
    material.toString('base64'),
    `  ${material.toString('base64')}\n`,
    material.toString('base64url'),
    material.toString('base64').replace(/=+$/, ''),
  ].map((text) => parseMasterKey(text).id);
  assert.equal(new Set(ids).size, 1);
});

test('different keys have different ids', () => {
  assert.notEqual(parseMasterKey(randomKeyBase64()).id, parseMasterKey(randomKeyBase64()).id);
});

test('the key id is neither a prefix of the key nor of its plain SHA-256', () => {
  const material = randomBytes(32);
  rememberSecret(material);
  const { id } = new MasterKey(material);
  assert.ok(!material.toString('hex').startsWith(id));
  assert.ok(!createHash('sha256').update(material).digest('hex').startsWith(id));
});

for (const length of [0, 16, 31, 33, 64]) {
  test(`parseMasterKey rejects base64 of ${length} bytes with VAULT_KEY_INVALID`, () => {
    const text = randomKeyBase64(length);
    const error = assertThrowsAppError(() => parseMasterKey(text), ErrorCode.VAULT_KEY_INVALID);
    assert.match(error.message, length === 0 ? /empty/ : new RegExp(`got ${length} bytes`));
  });
}

for (const [name, text] of [
  ['punctuation', 'not-a-key!but-secretish-text'],
  ['an inner space', 'c2VjcmV0c2Vj cmV0c2VjcmV0c2VjcmV0c2VjcmV0c2U='],
  ['mixed alphabets', 'ab+_cdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'],
  ['padding in the middle', 'abcd==efghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'],
]) {
  test(`parseMasterKey rejects non-base64 with ${name} without echoing it`, () => {
    rememberSecret(text!);
    const error = assertThrowsAppError(() => parseMasterKey(text!), ErrorCode.VAULT_KEY_INVALID);
    assert.match(error.message, /not valid base64/);
  });
}

test('parseMasterKey rejects a hex-encoded key with a hint, without echoing it', () => {
  const text = randomBytes(32).toString('hex');
  rememberSecret(text);
  const error = assertThrowsAppError(() => parseMasterKey(text), ErrorCode.VAULT_KEY_INVALID);
  assert.match(error.message, /hex-encoded/);
});

test('parseMasterKey names the source of the value in its message', () => {
  const error = assertThrowsAppError(
    () => parseMasterKey('short', 'ORGBRIDGE_MASTER_KEY'),
    ErrorCode.VAULT_KEY_INVALID,
  );
  assert.match(error.message, /^ORGBRIDGE_MASTER_KEY /);
});

test('a MasterKey refuses raw bytes of the wrong length', () => {
  assertThrowsAppError(() => new MasterKey(randomBytes(31)), ErrorCode.VAULT_KEY_INVALID);
});

test('a MasterKey prints and serializes without its key material', () => {
  const material = randomBytes(32);
  const key = new MasterKey(material);
  const printed = `${inspect(key, { depth: Infinity, showHidden: true })}${JSON.stringify(key)}`;
  for (const form of [material.toString('base64'), material.toString('hex')]) {
    assert.ok(!printed.includes(form));
  }
  assert.ok(printed.includes(key.id));
});

test('generateMasterKeyBase64 returns distinct keys that parseMasterKey accepts', () => {
  const first = generateMasterKeyBase64();
  const second = generateMasterKeyBase64();
  assert.notEqual(first, second);
  assert.equal(Buffer.from(first, 'base64').length, 32);
  assert.notEqual(parseMasterKey(first).id, parseMasterKey(second).id);
});
