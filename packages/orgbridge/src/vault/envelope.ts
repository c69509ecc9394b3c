import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.ts';
import { decryptGcm, encryptGcm } from './aes-gcm.ts';
import {
  authenticationFailed,
  dataAad,
  requireContext,
  unwrapDataKey,
  wrapDataKey,
} from './data-key.ts';
import type { KeyRing } from './key-ring.ts';
import { formatSealed, parseSealed } from './sealed-format.ts';

const DATA_KEY_BYTES = 32;

/**
 * Encrypts a secret for storage: a fresh random 256-bit data key encrypts the UTF-8 plaintext
 * with AES-256-GCM, and the ring's current master key wraps the data key with AES-256-GCM. Both
 * layers authenticate `context`, so the result opens only with the same context.
 *
 * @param context names where the value is stored, e.g. `connection:<id>:refresh_token`. Not
 *   secret (it may appear in error details); must be non-empty.
 * @returns `v1.<keyId>.<wrapIv>.<wrappedKey+tag>.<iv>.<ciphertext+tag>`, ASCII, binary parts
 *   base64url. Two seals of the same plaintext differ.
 * @throws AppError `VALIDATION_FAILED` for an empty context or a plaintext that is not
 *   well-formed Unicode (a lone surrogate would not survive UTF-8 and come back changed).
 */
export function seal(ring: KeyRing, plaintext: string, context: string): string {
  requireContext(context);
  if (!plaintext.isWellFormed()) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'a secret to seal must be well-formed Unicode (it contains a lone surrogate)',
    );
  }
  const master = ring.current;
  const dataKey = randomBytes(DATA_KEY_BYTES);
  const plainBytes = Buffer.from(plaintext, 'utf8');
  try {
    const payload = encryptGcm(dataKey, plainBytes, dataAad(context));
    const wrapped = wrapDataKey(master, dataKey, context);
    return formatSealed({
      keyId: master.id,
      wrapIv: wrapped.iv,
      wrappedKey: wrapped.ciphertext,
      iv: payload.iv,
      ciphertext: payload.ciphertext,
    });
  } finally {
    dataKey.fill(0);
    plainBytes.fill(0);
  }
}

/**
 * Decrypts a value made by {@link seal} (or re-wrapped by `rewrap`) with any key of the ring.
 *
 * @throws AppError `VAULT_KEY_MISMATCH` when the value names a master key the ring does not
 *   hold (the message names both ids); `VAULT_DECRYPT_FAILED` when the value is malformed,
 *   altered, or sealed with another context. Messages never contain the plaintext, a key or the
 *   ciphertext.
 */
export function open(ring: KeyRing, sealed: string, context: string): string {
  requireContext(context);
  const parts = parseSealed(sealed);
  const dataKey = unwrapDataKey(ring, parts, context);
  try {
    const plainBytes = decryptGcm(dataKey, parts.iv, parts.ciphertext, dataAad(context));
    if (plainBytes === undefined) throw authenticationFailed('payload');
    try {
      return plainBytes.toString('utf8');
    } finally {
      plainBytes.fill(0);
    }
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The id of the master key a sealed value is wrapped under, without decrypting anything.
 *
 * @throws AppError `VAULT_DECRYPT_FAILED` when the value is malformed.
 */
export function keyIdOf(sealed: string): string {
  return parseSealed(sealed).keyId;
}
