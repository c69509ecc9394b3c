import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';

/** AES-GCM IV length in bytes: the 96 bits GCM is specified for. */
export const IV_BYTES = 12;
/** AES-GCM authentication tag length in bytes: the full 128 bits. */
export const TAG_BYTES = 16;

/** An AES-256-GCM result: the random IV, and the ciphertext with the tag appended. */
export interface GcmSealed {
  iv: Buffer;
  ciphertext: Buffer;
}

/** Encrypts with AES-256-GCM under a fresh random IV; `aad` is authenticated, not encrypted. */
export function encryptGcm(
  key: KeyObject | Buffer,
  plaintext: Uint8Array,
  aad: Uint8Array,
): GcmSealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, ciphertext };
}

/**
 * Decrypts and authenticates AES-256-GCM output of {@link encryptGcm}. Returns `undefined` when
 * the key, IV, AAD, ciphertext or tag do not match: callers translate that into their own error.
 */
export function decryptGcm(
  key: KeyObject | Buffer,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array,
): Buffer | undefined {
  if (iv.length !== IV_BYTES || ciphertext.length < TAG_BYTES) return undefined;
  const body = ciphertext.subarray(0, ciphertext.length - TAG_BYTES);
  const tag = ciphertext.subarray(ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(body);
  try {
    return Buffer.concat([plaintext, decipher.final()]);
  } catch {
    // Nothing is released before the tag checks out; wipe what update() produced.
    plaintext.fill(0);
    return undefined;
  }
}
