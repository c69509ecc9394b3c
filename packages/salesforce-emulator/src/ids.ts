import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 3-character suffix that turns a case-sensitive 15-character Salesforce id into the
 * case-insensitive 18-character form: one character per 5-character chunk, whose bits mark
 * which characters of that chunk are upper case.
 * @see https://help.salesforce.com/s/articleView?id=000385585 (15 and 18 character record ids)
 */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

/** Accepts a 15- or 18-character id and returns the 18-character form, or undefined when malformed. */
export function normalizeId(value: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const full = id15 + idChecksum(id15);
  if (value.length === 18 && value.toUpperCase() !== full.toUpperCase()) return undefined;
  return full;
}

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** Random base62 text of the given length, for token bodies. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[bytes[i]! % 62];
  return out;
}

/**
 * Issues 18-character ids shaped like Salesforce's: key prefix, pod, reserved digit, counter.
 * One generator serves the whole emulator so ids never collide across orgs.
 */
export class IdGenerator {
  #counter = 0;
  readonly #pod: string;

  constructor(pod = '5e') {
    this.#pod = pod;
  }

  next(keyPrefix: string): string {
    this.#counter += 1;
    const id15 = keyPrefix + this.#pod + '0' + base62(this.#counter, 9);
    return id15 + idChecksum(id15);
  }

  /** The counter, so a snapshot can resume issuing ids without reuse. */
  get counter(): number {
    return this.#counter;
  }

  set counter(value: number) {
    this.#counter = Math.max(this.#counter, value);
  }
}
