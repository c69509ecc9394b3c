import { AppError, ErrorCode } from '../errors.ts';
import { IV_BYTES, TAG_BYTES } from './aes-gcm.ts';

/** The format version every sealed value starts with. */
export const SEALED_VERSION = 'v1';

const SEGMENT_COUNT = 6;
const KEY_ID = /^[0-9a-f]{16}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DATA_KEY_BYTES = 32;

/**
 * The parts of a sealed value, serialized as
 * `v1.<keyId>.<wrapIv>.<wrappedKey+tag>.<iv>.<ciphertext+tag>` (binary parts base64url,
 * unpadded): the data key wrapped under master key `keyId`, and the secret under the data key.
 */
export interface SealedParts {
  keyId: string;
  wrapIv: Buffer;
  wrappedKey: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
}

/** Serializes parts into the compact ASCII form stored in the database. */
export function formatSealed(parts: SealedParts): string {
  return [
    SEALED_VERSION,
    parts.keyId,
    parts.wrapIv.toString('base64url'),
    parts.wrappedKey.toString('base64url'),
    parts.iv.toString('base64url'),
    parts.ciphertext.toString('base64url'),
  ].join('.');
}

/**
 * Parses a sealed value, checking its shape only (nothing is decrypted).
 *
 * @throws AppError `VAULT_DECRYPT_FAILED` when the value is not a well-formed v1 sealed value.
 *   The message describes the defect without quoting the value: a column that wrongly holds a
 *   plaintext secret must not leak it through the error.
 */
export function parseSealed(sealed: string): SealedParts {
  if (typeof sealed !== 'string') throw malformed('it is not a string');
  const segments = sealed.split('.');
  if (segments.length !== SEGMENT_COUNT) {
    throw malformed(`expected ${SEGMENT_COUNT} dot-separated segments, found ${segments.length}`);
  }
  const [version, keyId, wrapIv, wrappedKey, iv, ciphertext] = segments as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== SEALED_VERSION) throw malformed('unsupported format version');
  if (!KEY_ID.test(keyId)) throw malformed('the key id is not 16 lowercase hex characters');
  return {
    keyId,
    wrapIv: decodeSegment(wrapIv, 'wrap IV', IV_BYTES, IV_BYTES),
    wrappedKey: decodeSegment(
      wrappedKey,
      'wrapped data key',
      DATA_KEY_BYTES + TAG_BYTES,
      DATA_KEY_BYTES + TAG_BYTES,
    ),
    iv: decodeSegment(iv, 'IV', IV_BYTES, IV_BYTES),
    ciphertext: decodeSegment(ciphertext, 'ciphertext', TAG_BYTES, Infinity),
  };
}

function decodeSegment(text: string, name: string, minBytes: number, maxBytes: number): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  // Only the canonical encoding is accepted, so that every change to the text is a change to
  // the bytes (Node's decoder ignores stray characters and unused trailing bits).
  if (!BASE64URL.test(text) || bytes.toString('base64url') !== text) {
    throw malformed(`the ${name} is not canonical base64url`);
  }
  if (bytes.length < minBytes || bytes.length > maxBytes) {
    throw malformed(`the ${name} has the wrong length`);
  }
  return bytes;
}

function malformed(problem: string): AppError {
  return new AppError(ErrorCode.VAULT_DECRYPT_FAILED, `sealed secret is malformed: ${problem}`, {
    details: { reason: 'malformed' },
  });
}
