import { errors, jwtVerify, SignJWT } from 'jose';
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
const KEY_LABEL = 'orgbridge/page-link/v1';
const AUDIENCE = 'orgbridge-page';
export const DEFAULT_LINK_TTL_SECONDS = 3600;
export const MAX_LINK_TTL_SECONDS = 7 * 86_400;

/**
 * Signed, self-contained links to the connections page (`/#link=<token>`) that a host
 * application hands to a customer admin instead of an API key. Nothing is stored: the token is a
 * JWT (HS256, through jose) carrying its scope and expiry, under a key derived from the master
 * key and named by that key's id (`kid`), so links outlive a key rotation until they expire. A
 * link cannot be revoked one by one; it ends at its expiry (an hour by default), or with every
 * other link when the master key is rotated and the previous key forgotten.
 */
export class PageLinks {
  readonly #vault: Vault;
  readonly #now: () => number;

  constructor(vault: Vault, now: () => number = Date.now) {
    this.#vault = vault;
    this.#now = now;
  }

  async sign(
    link: Omit<PageLink, 'expiresAt'>,
    ttlSeconds = DEFAULT_LINK_TTL_SECONDS,
  ): Promise<PageLink & { token: string }> {
    const expiresAt = Math.floor(this.#now() / 1000 + ttlSeconds) * 1000;
    const keyId = this.#vault.currentKeyId;
    const jwt = await new SignJWT(link.connectionId === null ? {} : { cid: link.connectionId })
      .setProtectedHeader({ alg: 'HS256', kid: keyId })
      .setSubject(link.workspaceId)
      .setAudience(AUDIENCE)
      .setExpirationTime(expiresAt / 1000)
      .sign(this.#vault.deriveKey(KEY_LABEL, keyId));
    return { ...link, expiresAt, token: `${PAGE_LINK_PREFIX}${jwt}` };
  }

  /**
   * The link a token grants, or undefined when it is not one of ours (malformed, forged, or made
   * under a key this process does not hold).
   *
   * @throws AppError `UNAUTHENTICATED` saying the link expired, when it is genuine but old.
   */
  async verify(token: string): Promise<PageLink | undefined> {
    if (!token.startsWith(PAGE_LINK_PREFIX)) return undefined;
    try {
      const { payload } = await jwtVerify(
        token.slice(PAGE_LINK_PREFIX.length),
        (header) => this.#vault.deriveKey(KEY_LABEL, header.kid ?? ''),
        {
          algorithms: ['HS256'],
          audience: AUDIENCE,
          currentDate: new Date(this.#now()),
          requiredClaims: ['sub', 'exp'],
        },
      );
      const connectionId = payload.cid;
      if (connectionId !== undefined && typeof connectionId !== 'string') return undefined;
      return {
        workspaceId: payload.sub!,
        connectionId: connectionId ?? null,
        expiresAt: payload.exp! * 1000,
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw new AppError(
          ErrorCode.UNAUTHENTICATED,
          'this page link has expired; ask for a new one where you got it',
        );
      if (error instanceof errors.JOSEError || isAppError(error, ErrorCode.VAULT_KEY_MISMATCH))
        return undefined;
      throw error;
    }
  }
}
