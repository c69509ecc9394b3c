import { AppError, ErrorCode } from '../errors.ts';
import type { MasterKey } from './master-key.ts';

/**
 * The master keys a process knows: the `current` one, which seals and re-wraps, and any number of
 * previous ones, which only open. During a rotation the old key stays in the ring as a previous
 * key until every value has been re-wrapped under the new one.
 */
export class KeyRing {
  /** The key every new or re-wrapped value is sealed under. */
  readonly current: MasterKey;
  readonly #byId: ReadonlyMap<string, MasterKey>;

  /** @param previous keys that may still open older values; duplicates and `current` are ignored. */
  constructor(current: MasterKey, previous: Iterable<MasterKey> = []) {
    this.current = current;
    const byId = new Map([[current.id, current]]);
    for (const key of previous) if (!byId.has(key.id)) byId.set(key.id, key);
    this.#byId = byId;
  }

  /** Ids of every key in the ring, the current one first. */
  get ids(): string[] {
    return [...this.#byId.keys()];
  }

  /** The key with this id, if the ring holds it. */
  get(keyId: string): MasterKey | undefined {
    return this.#byId.get(keyId);
  }

  /**
   * The key with this id.
   *
   * @throws AppError `VAULT_KEY_MISMATCH` naming the id and the configured key ids when the ring
   *   does not hold it.
   */
  require(keyId: string): MasterKey {
    const key = this.#byId.get(keyId);
    if (key !== undefined) return key;
    const previous = this.ids.slice(1);
    throw new AppError(
      ErrorCode.VAULT_KEY_MISMATCH,
      `sealed with master key ${keyId}, which is not configured; the configured key is ${this.current.id}` +
        (previous.length > 0 ? ` (previous keys: ${previous.join(', ')})` : ''),
      { details: { keyId, configuredKeyId: this.current.id, previousKeyIds: previous } },
    );
  }

  /** A ring whose current key is `next`, keeping every key of this ring as a previous key. */
  rotatedTo(next: MasterKey): KeyRing {
    return new KeyRing(next, this.#byId.values());
  }
}
