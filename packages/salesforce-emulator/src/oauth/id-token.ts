import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Emulator } from '../emulator.ts';
import { signingKey } from './signing-key.ts';

/** How long an id_token is valid, in seconds. */
const ID_TOKEN_LIFETIME_S = 300;

/** The claims of an id_token that vary per token. */
export interface IdTokenInput {
  /** The base URL of the host that issued it (login host or My Domain). */
  issuer: string;
  /** The identity URL of the user. */
  subject: string;
  /** The consumer key. */
  audience: string;
  accessToken: string;
  nonce: string | null;
}

/**
 * Signs an OpenID Connect id_token (RS256) with the emulator's key, published at `/id/keys`.
 * `at_hash` binds it to the access token issued with it.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
export async function signIdToken(emulator: Emulator, input: IdTokenInput): Promise<string> {
  const { privateKey, kid } = signingKey(emulator);
  const digest = createHash('sha256').update(input.accessToken).digest();
  const atHash = digest.subarray(0, digest.length / 2).toString('base64url');
  const iat = Math.floor(emulator.clock.now() / 1000);
  const claims: Record<string, unknown> = { at_hash: atHash };
  if (input.nonce !== null) claims.nonce = input.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(input.subject)
    .setAudience(input.audience)
    .setIssuer(input.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_LIFETIME_S)
    .sign(privateKey);
}
