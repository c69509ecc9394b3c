import { requireContext, unwrapDataKey, wrapDataKey } from './data-key.ts';
import type { KeyRing } from './key-ring.ts';
import { formatSealed, parseSealed } from './sealed-format.ts';

/**
 * Re-wraps a sealed value's data key under the ring's current master key. Only the small wrapped
 * key changes: the payload IV and ciphertext are kept byte for byte, so rotating every secret
 * costs one unwrap and one wrap each and never decrypts a secret.
 *
 * Idempotent: a value already under the current key is returned unchanged, without being opened.
 *
 * @throws AppError `VAULT_KEY_MISMATCH` when the ring lacks the key the value is under;
 *   `VAULT_DECRYPT_FAILED` when the value is malformed, its wrapped key was altered, or it was
 *   sealed with another context; `VALIDATION_FAILED` for an empty context.
 */
export function rewrap(ring: KeyRing, sealed: string, context: string): string {
  requireContext(context);
  const parts = parseSealed(sealed);
  if (parts.keyId === ring.current.id) return sealed;
  const dataKey = unwrapDataKey(ring, parts, context);
  try {
    const wrapped = wrapDataKey(ring.current, dataKey, context);
    return formatSealed({
      ...parts,
      keyId: ring.current.id,
      wrapIv: wrapped.iv,
      wrappedKey: wrapped.ciphertext,
    });
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Whether a sealed value is wrapped under a key other than the ring's current one.
 *
 * @throws AppError `VAULT_DECRYPT_FAILED` when the value is malformed.
 */
export function needsRewrap(ring: KeyRing, sealed: string): boolean {
  return parseSealed(sealed).keyId !== ring.current.id;
}
