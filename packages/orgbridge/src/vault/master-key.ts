import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.ts';

/** Length of a master key in bytes (AES-256). */
export const MASTER_KEY_BYTES = 32;

// A keyed hash (HMAC under the key itself) over a fixed label: the id identifies the key, is
// stable across processes and machines, and reveals nothing about the key's bytes.
const KEY_ID_LABEL = 'orgbridge/vault/key-id/v1';
const KEY_ID_HEX_CHARS = 16;

// Standard or URL-safe alphabet, optional padding; one alphabet per value.
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)={0,2}$/;

/**
 * A master key: 32 secret bytes held as a `KeyObject` (which neither `util.inspect` nor
 * `JSON.stringify` can print) and a public `id` derived from them, stored beside every data key
 * the master key wraps so that a value names the key that can open it.
 */
export class MasterKey {
  /** 16 lowercase hex characters; safe to log and to show in errors. */
  readonly id: string;
  /** The secret key material, for AES-256-GCM. */
  readonly key: KeyObject;

  /**
   * @param bytes exactly 32 bytes; they are copied.
   * @throws AppError `VAULT_KEY_INVALID` for any other length.
   */
  constructor(bytes: Uint8Array) {
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new AppError(
        ErrorCode.VAULT_KEY_INVALID,
        `a master key must be exactly ${MASTER_KEY_BYTES} bytes, got ${bytes.length}`,
      );
    }
    this.key = createSecretKey(Buffer.from(bytes));
    this.id = createHmac('sha256', this.key)
      .update(KEY_ID_LABEL)
      .digest('hex')
      .slice(0, KEY_ID_HEX_CHARS);
  }
}

/**
 * Parses a master key given as base64 (standard or URL-safe alphabet, padding optional,
 * surrounding whitespace ignored), as in `ORGBRIDGE_MASTER_KEY` or a key file.
 *
 * @param source names where the value came from, for the message (e.g. `ORGBRIDGE_MASTER_KEY`).
 * @throws AppError `VAULT_KEY_INVALID` when the value is not base64 of exactly 32 bytes. The
 *   message never contains the value.
 */
export function parseMasterKey(base64: string, source = 'master key'): MasterKey {
  const text = base64.trim();
  const hint = 'generate one with `openssl rand -base64 32`';
  if (text === '') {
    throw new AppError(ErrorCode.VAULT_KEY_INVALID, `${source} is empty; ${hint}`);
  }
  // `openssl rand -hex 32` is a common slip; its 64 characters would decode as 48 bytes.
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new AppError(
      ErrorCode.VAULT_KEY_INVALID,
      `${source} looks hex-encoded; it must be base64 of ${MASTER_KEY_BYTES} bytes; ${hint}`,
    );
  }
  if (!BASE64.test(text)) {
    throw new AppError(ErrorCode.VAULT_KEY_INVALID, `${source} is not valid base64; ${hint}`);
  }
  // Node's base64 decoder accepts both alphabets, with or without padding.
  const bytes = Buffer.from(text, 'base64');
  try {
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new AppError(
        ErrorCode.VAULT_KEY_INVALID,
        `${source} must be the base64 encoding of exactly ${MASTER_KEY_BYTES} bytes, got ${bytes.length} bytes; ${hint}`,
      );
    }
    return new MasterKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** A fresh random master key, base64-encoded: what a key file holds and `ORGBRIDGE_MASTER_KEY` takes. */
export function generateMasterKeyBase64(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('base64');
}
