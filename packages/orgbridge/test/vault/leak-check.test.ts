import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ErrorCode } from '../../src/errors.ts';
import { assertThrowsAppError, leakedSecretsIn, rememberSecret } from './leak-check.ts';

// The leak scan guards every other vault test; these prove it can fail.

test('the leak scan finds a remembered secret in an error message', () => {
  rememberSecret('planted-secret-in-message');
  const error = new AppError(ErrorCode.INTERNAL, 'oops planted-secret-in-message');
  assert.deepEqual(leakedSecretsIn(error), ['planted-secret-in-message']);
});

test('the leak scan finds the base64 form of a remembered secret in error details', () => {
  rememberSecret('planted-secret-in-details');
  const encoded = Buffer.from('planted-secret-in-details').toString('base64');
  const error = new AppError(ErrorCode.INTERNAL, 'oops', { details: { value: encoded } });
  assert.ok(leakedSecretsIn(error).length > 0);
});

test('the leak scan finds a remembered secret in an error cause', () => {
  rememberSecret('planted-secret-in-cause');
  const error = new AppError(ErrorCode.INTERNAL, 'oops', {
    cause: new Error('inner planted-secret-in-cause'),
  });
  assert.ok(leakedSecretsIn(error).length > 0);
});

test('assertThrowsAppError fails when the expected error leaks a secret', () => {
  rememberSecret('planted-secret-for-assert');
  assert.throws(
    () =>
      assertThrowsAppError(() => {
        throw new AppError(ErrorCode.INTERNAL, 'planted-secret-for-assert');
      }, ErrorCode.INTERNAL),
    /leaks a secret/,
  );
});

test('assertThrowsAppError fails when nothing is thrown', () => {
  assert.throws(
    () => assertThrowsAppError(() => undefined, ErrorCode.INTERNAL),
    /nothing was thrown/,
  );
});
