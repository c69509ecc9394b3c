import { AppError, ErrorCode } from '../errors.ts';
import { decryptGcm, encryptGcm, type GcmSealed } from './aes-gcm.ts';
import type { KeyRing } from './key-ring.ts';
import type { MasterKey } from './master-key.ts';
import type { SealedParts } from './sealed-format.ts';

// Each layer authenticates its own label plus the caller's context, so a value copied to another
// row or column fails on both layers, and one layer's output can never pass for the other's.
// The payload's AAD deliberately leaves out the master key id: re-wrapping under a new master
// key must not touch the payload.
const WRAP_LABEL = 'orgbridge/vault/v1/wrap';
const DATA_LABEL = 'orgbridge/vault/v1/data';

/** AAD of the payload layer: the label and the context. */
export function dataAad(context: string): Buffer {
  return Buffer.from(`${DATA_LABEL}\0${context}`, 'utf8');
}

/** Wraps a data key under a master key, bound to the master key's id and the context. */
export function wrapDataKey(master: MasterKey, dataKey: Buffer, context: string): GcmSealed {
  return encryptGcm(master.key, dataKey, wrapAad(master.id, context));
}

/**
 * Unwraps the data key of a sealed value with the ring's key of the same id. The caller wipes
 * the returned buffer when done.
 *
 * @throws AppError `VAULT_KEY_MISMATCH` when the ring lacks the key; `VAULT_DECRYPT_FAILED` when
 *   the wrapped key was altered or sealed for another context.
 */
export function unwrapDataKey(ring: KeyRing, parts: SealedParts, context: string): Buffer {
  const master = ring.require(parts.keyId);
  const dataKey = decryptGcm(
    master.key,
    parts.wrapIv,
    parts.wrappedKey,
    wrapAad(master.id, context),
  );
  if (dataKey === undefined) throw authenticationFailed('data key');
  return dataKey;
}

/**
 * The error for a layer whose tag did not verify. It says what can cause it, never what the
 * value or key was.
 */
export function authenticationFailed(layer: 'data key' | 'payload'): AppError {
  return new AppError(
    ErrorCode.VAULT_DECRYPT_FAILED,
    `sealed secret could not be opened: its ${layer} failed authentication (the value was ` +
      'altered, or it was sealed for another record or field)',
    { details: { reason: 'authentication_failed', layer } },
  );
}

/** @throws AppError `VALIDATION_FAILED` for an empty context, which would bind nothing. */
export function requireContext(context: string): void {
  if (typeof context !== 'string' || context === '') {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'a vault context must be a non-empty string');
  }
}

function wrapAad(keyId: string, context: string): Buffer {
  return Buffer.from(`${WRAP_LABEL}\0${keyId}\0${context}`, 'utf8');
}
