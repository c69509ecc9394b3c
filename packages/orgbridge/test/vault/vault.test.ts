import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../src/errors.ts';
import { KeyRing, keyIdOf, Vault } from '../../src/vault/index.ts';
import { assertThrowsAppError, rememberSealed, rememberSecret, testKey } from './leak-check.ts';

const SECRET = 'sf-password-Tr0ub4dor&3-horse';
rememberSecret(SECRET);

test('a vault seals and opens under its current key id', () => {
  const vault = new Vault(new KeyRing(testKey()));
  const sealed = rememberSealed(vault.seal(SECRET, 'connection:c_1:password'));
  assert.equal(keyIdOf(sealed), vault.currentKeyId);
  assert.equal(vault.open(sealed, 'connection:c_1:password'), SECRET);
});

test('a vault re-wraps values from a previous key', () => {
  const oldKey = testKey();
  const sealed = rememberSealed(new Vault(new KeyRing(oldKey)).seal(SECRET, 'ctx:a'));
  const vault = new Vault(new KeyRing(testKey(), [oldKey]));
  assert.equal(vault.needsRewrap(sealed), true);
  const rewrapped = vault.rewrap(sealed, 'ctx:a');
  assert.equal(vault.needsRewrap(rewrapped), false);
  assert.equal(vault.open(rewrapped, 'ctx:a'), SECRET);
});

test('verify passes when there is nothing stored yet', () => {
  new Vault(new KeyRing(testKey())).verify([]);
});

test('verify passes when at least one sample opens', () => {
  const key = testKey();
  const foreign = new Vault(new KeyRing(testKey())).seal(SECRET, 'ctx:1');
  const own = new Vault(new KeyRing(key)).seal(SECRET, 'ctx:2');
  new Vault(new KeyRing(key)).verify([
    { sealed: rememberSealed(foreign), context: 'ctx:1' },
    { sealed: rememberSealed(own), context: 'ctx:2' },
  ]);
});

test('verify with the wrong master key fails with VAULT_KEY_MISMATCH naming both ids', () => {
  const storedVault = new Vault(new KeyRing(testKey()));
  const samples = ['ctx:1', 'ctx:2'].map((context) => ({
    sealed: rememberSealed(storedVault.seal(SECRET, context)),
    context,
  }));
  const wrong = new Vault(new KeyRing(testKey()));
  const error = assertThrowsAppError(() => wrong.verify(samples), ErrorCode.VAULT_KEY_MISMATCH);
  assert.match(error.message, new RegExp(`sealed with master key ${storedVault.currentKeyId}\\b`));
  assert.match(error.message, new RegExp(`the configured key is ${wrong.currentKeyId}\\b`));
  assert.deepEqual(error.details.sealedKeyIds, [storedVault.currentKeyId]);
});

test('verify fails with VAULT_DECRYPT_FAILED when no sample opens under a configured key', () => {
  const vault = new Vault(new KeyRing(testKey()));
  const sealed = rememberSealed(vault.seal(SECRET, 'ctx:1'));
  assertThrowsAppError(
    () => vault.verify([{ sealed, context: 'ctx:other' }]),
    ErrorCode.VAULT_DECRYPT_FAILED,
  );
});
