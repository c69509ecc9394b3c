import { timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import type { Vault } from '../vault/index.ts';

/** What a signed page link lets its holder do: one workspace, or one connection of it. */
export interface PageLink {
  workspaceId: string;
  /** null: the whole workspace's page; otherwise only this connection's detail and reauthorize. */
  connectionId: string | null;
  expiresAt: number;
}

/** Every link token starts with this, so the API tells it from an API key at a glance. */
export const PAGE_LINK_PREFIX = 'obl_';
const MAC_LABEL = 'orgbridge/page-link/v1';
export const DEFAULT_LINK_TTL_SECONDS = 3600;
export const MAX_LINK_TTL_SECONDS = 7 * 86_400;

interface Payload {
  w: string;
  c: string | null;
  e: number;
  /** The master key the MAC was made under: links survive a key rotation until they expire. */
  k: string;
}

/**
 * Signed, self-contained links to the connections page (`/#link=<token>`) that a host
 * application hands to a customer admin instead of an API key. Nothing is stored: the token
 * carries its scope and expiry, MACed under a key derived from the master key. A link cannot be
 * revoked one by one; it ends at its expiry (an hour by default), or for all links at once when
 * the master key is rotated and the previous key forgotten.
 */
export class PageLinks {
  readonly #vault: Vault;
  readonly #now: () => number;

  constructor(vault: Vault, now: () => number = Date.now) {
    this.#vault = vault;
    this.#now = now;
  }

  sign(
    link: Omit<PageLink, 'expiresAt'>,
    ttlSeconds = DEFAULT_LINK_TTL_SECONDS,
  ): PageLink & {
    token: string;
  } {
    const expiresAt = this.#now() + ttlSeconds * 1000;
    const payload: Payload = {
      w: link.workspaceId,
      c: link.connectionId,
      e: expiresAt,
      k: this.#vault.currentKeyId,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const mac = this.#vault.mac(MAC_LABEL, body, payload.k).toString('base64url');
    return { ...link, expiresAt, token: `${PAGE_LINK_PREFIX}${body}.${mac}` };
  }

  /**
   * The link a token grants, or undefined when it is not one of ours (malformed, forged, or made
   * under a key this process does not hold).
   *
   * @throws AppError `UNAUTHENTICATED` saying the link expired, when it is genuine but old.
   */
  verify(token: string): PageLink | undefined {
    if (!token.startsWith(PAGE_LINK_PREFIX)) return undefined;
    const [body, mac, extra] = token.slice(PAGE_LINK_PREFIX.length).split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return undefined;
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      return undefined;
    }
    if (
      typeof payload !== 'object' ||
      payload === null ||
      typeof payload.w !== 'string' ||
      (payload.c !== null && typeof payload.c !== 'string') ||
      typeof payload.e !== 'number' ||
      typeof payload.k !== 'string'
    )
      return undefined;
    let expected: Buffer;
    try {
      expected = this.#vault.mac(MAC_LABEL, body, payload.k);
    } catch (error) {
      if (isAppError(error, ErrorCode.VAULT_KEY_MISMATCH)) return undefined;
      throw error;
    }
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (payload.e <= this.#now())
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        'this page link has expired; ask for a new one where you got it',
      );
    return { workspaceId: payload.w, connectionId: payload.c, expiresAt: payload.e };
  }
}
