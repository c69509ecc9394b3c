import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/errors.ts';
import { KeyRing, keyIdOf, open, seal } from '../../src/vault/index.ts';
import { assertThrowsAppError, rememberSealed, rememberSecret, testKey } from './leak-check.ts';

const CONTEXT = 'connection:c_1:refresh_token';
const SECRET = '5Aep861TSESvWeug_ztpnAk6BGQxRdovMLhHso81iFpGA8fSI';
rememberSecret(SECRET);

const ring = new KeyRing(testKey());
const sealedSecret = rememberSealed(seal(ring, SECRET, CONTEXT));

/** The sealed value with one bit of one byte of one binary segment flipped. */
function flipBit(sealed: string, segment: number, byte: number): string {
  const segments = sealed.split('.');
  const bytes = Buffer.from(segments[segment]!, 'base64url');
  bytes[byte]! ^= 0x01;
  segments[segment] = bytes.toString('base64url');
  return segments.join('.');
}

function replaceSegment(sealed: string, segment: number, text: string): string {
  const segments = sealed.split('.');
  segments[segment] = text;
  return segments.join('.');
}

test('a sealed secret opens to the same plaintext', () => {
  assert.equal(open(ring, sealedSecret, CONTEXT), SECRET);
});

test('unicode plaintext round-trips exactly', () => {
  const plaintext = 'pässwörd 🔑 日本語 ¿qué? \u0000 nul and \u200d joiner';
  rememberSecret(plaintext);
  assert.equal(open(ring, rememberSealed(seal(ring, plaintext, CONTEXT)), CONTEXT), plaintext);
});

test('the empty string round-trips', () => {
  assert.equal(open(ring, seal(ring, '', CONTEXT), CONTEXT), '');
});

test('a 64 KB plaintext round-trips', () => {
  const plaintext = 'x7-€'.repeat(16 * 1024);
  assert.equal(open(ring, seal(ring, plaintext, CONTEXT), CONTEXT), plaintext);
});

test('a sealed value is compact ASCII in the v1 six-segment format under the current key id', () => {
  assert.match(
    sealedSecret,
    /^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{64}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/,
  );
  assert.equal(keyIdOf(sealedSecret), ring.current.id);
});

test('two seals of the same plaintext differ in every binary segment', () => {
  const first = seal(ring, SECRET, CONTEXT).split('.');
  const second = seal(ring, SECRET, CONTEXT).split('.');
  for (const index of [2, 3, 4, 5]) assert.notEqual(first[index], second[index]);
});

test('opening with another context fails with VAULT_DECRYPT_FAILED', () => {
  assertThrowsAppError(
    () => open(ring, sealedSecret, 'connection:c_2:refresh_token'),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
  assertThrowsAppError(
    () => open(ring, sealedSecret, 'connection:c_1:access_token'),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});

test('splicing the payload of one sealed value onto another wrapped key fails', () => {
  const other = seal(ring, 'another-secret-value-123', CONTEXT).split('.');
  const spliced = [...sealedSecret.split('.').slice(0, 4), other[4], other[5]].join('.');
  assertThrowsAppError(() => open(ring, spliced, CONTEXT), ErrorCode.VAULT_DECRYPT_FAILED);
});

for (const [segment, name] of [
  [2, 'wrap IV'],
  [3, 'wrapped data key'],
  [4, 'IV'],
  [5, 'ciphertext'],
] as const) {
  test(`a flipped bit in any byte of the ${name} fails with VAULT_DECRYPT_FAILED`, () => {
    const length = Buffer.from(sealedSecret.split('.')[segment]!, 'base64url').length;
    for (let byte = 0; byte < length; byte += 1) {
      assertThrowsAppError(
        () => open(ring, flipBit(sealedSecret, segment, byte), CONTEXT),
        ErrorCode.VAULT_DECRYPT_FAILED,
      );
    }
  });
}

test('a changed character anywhere in the sealed text never opens', () => {
  const keyIdStart = sealedSecret.indexOf('.') + 1;
  for (let index = 0; index < sealedSecret.length; index += 1) {
    const original = sealedSecret[index]!;
    const replacement = original === 'a' ? 'b' : 'a';
    const changed = sealedSecret.slice(0, index) + replacement + sealedSecret.slice(index + 1);
    // A changed key id is indistinguishable from a value sealed under an unknown key.
    const inKeyId = index >= keyIdStart && index < keyIdStart + 16;
    assertThrowsAppError(
      () => open(ring, changed, CONTEXT),
      inKeyId ? ErrorCode.VAULT_KEY_MISMATCH : ErrorCode.VAULT_DECRYPT_FAILED,
    );
  }
});

test('a key id changed to another key of the ring fails with VAULT_DECRYPT_FAILED', () => {
  const other = testKey();
  const twoKeys = new KeyRing(ring.current, [other]);
  assertThrowsAppError(
    () => open(twoKeys, replaceSegment(sealedSecret, 1, other.id), CONTEXT),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});

test('a value sealed under an unknown key fails with VAULT_KEY_MISMATCH naming both ids', () => {
  const otherRing = new KeyRing(testKey());
  const error = assertThrowsAppError(
    () => open(otherRing, sealedSecret, CONTEXT),
    ErrorCode.VAULT_KEY_MISMATCH,
  );
  assert.equal(
    error.message,
    `sealed with master key ${ring.current.id}, which is not configured; ` +
      `the configured key is ${otherRing.current.id}`,
  );
  assert.equal(error.details.keyId, ring.current.id);
  assert.equal(error.details.configuredKeyId, otherRing.current.id);
});

test('a previous key of the ring still opens values sealed under it', () => {
  const rotated = ring.rotatedTo(testKey());
  assert.equal(open(rotated, sealedSecret, CONTEXT), SECRET);
});

const [, keyId, wrapIv, wrappedKey, iv, ciphertext] = sealedSecret.split('.');
const malformed: [string, string][] = [
  ['the empty string', ''],
  ['a plaintext token stored unsealed', 'plaintext-token-stored-by-mistake'],
  ['five segments', sealedSecret.split('.').slice(0, 5).join('.')],
  ['seven segments', `${sealedSecret}.AAAA`],
  ['another version', replaceSegment(sealedSecret, 0, 'v2')],
  [
    'an upper-case key id',
    replaceSegment(sealedSecret, 1, keyId!.toUpperCase().replace(/^./, 'A')),
  ],
  ['a short key id', replaceSegment(sealedSecret, 1, keyId!.slice(1))],
  ['an empty segment', replaceSegment(sealedSecret, 4, '')],
  ['base64 padding', replaceSegment(sealedSecret, 2, `${wrapIv}==`)],
  [
    'the standard base64 alphabet',
    replaceSegment(sealedSecret, 3, wrappedKey!.replace(/[-_]/g, '+') + '+/'),
  ],
  ['a short IV', replaceSegment(sealedSecret, 4, iv!.slice(4))],
  ['a short wrap IV', replaceSegment(sealedSecret, 2, wrapIv!.slice(4))],
  ['a truncated wrapped key', replaceSegment(sealedSecret, 3, wrappedKey!.slice(0, 40))],
  ['a ciphertext shorter than a tag', replaceSegment(sealedSecret, 5, ciphertext!.slice(0, 16))],
  ['a trailing newline', `${sealedSecret}\n`],
  ['a leading space', ` ${sealedSecret}`],
];
for (const [name, value] of malformed) {
  test(`a sealed value with ${name} is refused with VAULT_DECRYPT_FAILED`, () => {
    rememberSecret(value);
    assertThrowsAppError(() => open(ring, value, CONTEXT), ErrorCode.VAULT_DECRYPT_FAILED);
    assertThrowsAppError(() => keyIdOf(value), ErrorCode.VAULT_DECRYPT_FAILED);
  });
}

test('a ciphertext with unused trailing bits set is refused as non-canonical', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // 65 bytes encode to 87 characters whose last one carries 2 unused bits; Node's decoder
  // ignores them, so only the canonical-encoding check notices the change.
  assert.equal(Buffer.from(ciphertext!, 'base64url').length % 3, 2);
  const last = alphabet.indexOf(ciphertext!.at(-1)!);
  const changed = ciphertext!.slice(0, -1) + alphabet[last ^ 1]!;
  assert.deepEqual(Buffer.from(changed, 'base64url'), Buffer.from(ciphertext!, 'base64url'));
  assertThrowsAppError(
    () => open(ring, replaceSegment(sealedSecret, 5, changed), CONTEXT),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});

test('a value that is not a string is refused with VAULT_DECRYPT_FAILED', () => {
  assertThrowsAppError(
    () => open(ring, null as unknown as string, CONTEXT),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});

test('sealing or opening with an empty context fails with VALIDATION_FAILED', () => {
  assertThrowsAppError(() => seal(ring, SECRET, ''), ErrorCode.VALIDATION_FAILED);
  assertThrowsAppError(() => open(ring, sealedSecret, ''), ErrorCode.VALIDATION_FAILED);
});

test('sealing a string with a lone surrogate fails with VALIDATION_FAILED', () => {
  assertThrowsAppError(() => seal(ring, 'abc\ud800def', CONTEXT), ErrorCode.VALIDATION_FAILED);
});
