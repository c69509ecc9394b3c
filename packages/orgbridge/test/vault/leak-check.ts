import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { isAppError, type AppError, type ErrorCode } from '../../src/errors.ts';
import { MasterKey } from '../../src/vault/index.ts';

// Everything secret a test handles (plaintexts, key material, ciphertext) is remembered here in
// several encodings; every error a test expects is scanned for all of them as it is caught.
const secrets = new Set<string>();
// Shorter strings would match ordinary words in messages by chance.
const MIN_SECRET_CHARS = 8;

/** Remembers a secret (and its base64, base64url and hex forms) for the leak scan. */
export function rememberSecret(value: string | Uint8Array): void {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const forms = [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
  if (typeof value === 'string') forms.push(value);
  for (const form of forms) {
    const trimmed = form.replace(/=+$/, '');
    if (trimmed.length >= MIN_SECRET_CHARS) secrets.add(trimmed);
  }
}

/** Remembers the binary segments (wrap IV, wrapped key, IV, ciphertext) of a sealed value. */
export function rememberSealed(sealed: string): string {
  for (const segment of sealed.split('.').slice(2)) {
    if (segment.length >= MIN_SECRET_CHARS) secrets.add(segment);
  }
  return sealed;
}

/** A random master key whose material is remembered for the leak scan. */
export function testKey(): MasterKey {
  const bytes = randomBytes(32);
  rememberSecret(bytes);
  return new MasterKey(bytes);
}

/** The remembered secrets that occur anywhere in the error: message, stack, details or cause. */
export function leakedSecretsIn(error: unknown): string[] {
  const text = `${inspect(error, { depth: Infinity })}\n${JSON.stringify(error)}`;
  return [...secrets].filter((secret) => text.includes(secret));
}

/** Asserts that `fn` throws an AppError with `code` that leaks no remembered secret. */
export function assertThrowsAppError(fn: () => unknown, code: ErrorCode): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  return checkCaught(caught, code);
}

/** Asserts that `fn` rejects with an AppError with `code` that leaks no remembered secret. */
export async function assertRejectsAppError(
  fn: () => Promise<unknown>,
  code: ErrorCode,
): Promise<AppError> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  return checkCaught(caught, code);
}

function checkCaught(caught: unknown, code: ErrorCode): AppError {
  assert.ok(caught !== undefined, `expected an AppError ${code}, but nothing was thrown`);
  assert.ok(isAppError(caught), `expected an AppError ${code}, got ${inspect(caught)}`);
  assert.equal(caught.code, code, `wrong code; message: ${caught.message}`);
  assert.deepEqual(leakedSecretsIn(caught), [], 'the error leaks a secret');
  return caught;
}
