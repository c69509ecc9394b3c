import { hkdfSync } from 'node:crypto';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import { keyIdOf, open, seal } from './envelope.ts';
import type { KeyRing } from './key-ring.ts';
import { needsRewrap, rewrap } from './rotate.ts';

/** A stored sealed value and the context it was sealed with, for {@link Vault.verify}. */
export interface SealedSample {
  sealed: string;
  context: string;
}

/**
 * Envelope encryption of orgbridge's secrets under one key ring: the object services are given.
 * See `seal`, `open`, `rewrap` and `needsRewrap` for the contracts and error codes.
 */
export class Vault {
  #ring: KeyRing;
  readonly #reload: (() => KeyRing) | null;
  readonly #derived = new Map<string, Uint8Array>();

  /**
   * `reload` re-reads the key ring (the key files) when a value names a key this process does not
   * hold: another process rotated the master key while this one runs.
   */
  constructor(ring: KeyRing, options: { reload?: () => KeyRing } = {}) {
    this.#ring = ring;
    this.#reload = options.reload ?? null;
  }

  /** Id of the master key new values are sealed under; safe to log. */
  get currentKeyId(): string {
    return this.#ring.current.id;
  }

  /** Ids of every key this vault can open with, current first. */
  get keyIds(): string[] {
    return this.#ring.ids;
  }

  #withReload<T>(sealed: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (this.#reload === null || !isAppError(error, ErrorCode.VAULT_KEY_MISMATCH)) throw error;
      if (this.#ring.get(keyIdOf(sealed))) throw error;
      this.#ring = this.#reload();
      return fn();
    }
  }

  /**
   * A 32-byte key derived with HKDF-SHA256 from the master key `keyId` (default: the current one)
   * for `label`: for signing short-lived tokens that are never stored, so that a token is
   * worthless to anyone without the master key. The same inputs give the same key.
   *
   * @throws AppError `VAULT_KEY_MISMATCH` when the ring does not hold `keyId`.
   */
  deriveKey(label: string, keyId: string = this.#ring.current.id): Uint8Array {
    const cacheKey = `${keyId}\u0000${label}`;
    let key = this.#derived.get(cacheKey);
    if (key === undefined) {
      const master = this.#ring.require(keyId);
      key = new Uint8Array(hkdfSync('sha256', master.key, Buffer.alloc(0), label, 32));
      this.#derived.set(cacheKey, key);
    }
    return key;
  }

  /** Encrypts a secret bound to `context`. See {@link seal}. */
  seal(plaintext: string, context: string): string {
    return seal(this.#ring, plaintext, context);
  }

  /** Decrypts a sealed value with the same `context`. See {@link open}. */
  open(sealed: string, context: string): string {
    return this.#withReload(sealed, () => open(this.#ring, sealed, context));
  }

  /** Moves a value's data key under the current master key. See {@link rewrap}. */
  rewrap(sealed: string, context: string): string {
    return this.#withReload(sealed, () => rewrap(this.#ring, sealed, context));
  }

  /** Whether a value is under a key other than the current one. See {@link needsRewrap}. */
  needsRewrap(sealed: string): boolean {
    return needsRewrap(this.#ring, sealed);
  }

  /**
   * Start-up check that the configured master key fits the stored data: passes when there are
   * no samples (a new database) or when at least one sample opens. Pass a few values from the
   * store, ideally the most recently written.
   *
   * @throws AppError `VAULT_KEY_MISMATCH` when no sample opens and some name a master key that is
   *   not configured (the usual cause: the wrong `ORGBRIDGE_MASTER_KEY` or key file); the message
   *   names the ids the data is under and the configured one. `VAULT_DECRYPT_FAILED` when no
   *   sample opens although their keys are configured (corrupted data or wrong contexts).
   */
  verify(samples: Iterable<SealedSample>): void {
    const unknownKeyIds = new Set<string>();
    let checked = 0;
    let lastFailure: AppError | undefined;
    for (const { sealed, context } of samples) {
      checked += 1;
      try {
        this.open(sealed, context);
        return;
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === ErrorCode.VAULT_KEY_MISMATCH) unknownKeyIds.add(keyIdOf(sealed));
        lastFailure = error;
      }
    }
    if (lastFailure === undefined) return;
    if (unknownKeyIds.size > 0) {
      const ids = [...unknownKeyIds];
      throw new AppError(
        ErrorCode.VAULT_KEY_MISMATCH,
        `the configured master key cannot open the stored secrets: they are sealed with master ` +
          `key ${ids.join(', ')}, which is not configured; the configured key is ` +
          `${this.currentKeyId}. Configure the master key the data was sealed with.`,
        {
          details: { sealedKeyIds: ids, configuredKeyIds: this.#ring.ids, checked },
          cause: lastFailure,
        },
      );
    }
    throw new AppError(
      ErrorCode.VAULT_DECRYPT_FAILED,
      `none of the ${checked} stored secrets checked could be opened, although their master key ` +
        'is configured: the stored data is damaged or was sealed for other fields',
      { details: { configuredKeyIds: this.#ring.ids, checked }, cause: lastFailure },
    );
  }
}
