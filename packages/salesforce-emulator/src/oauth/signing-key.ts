import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { Emulator } from '../emulator.ts';

/** The emulator's id_token signing key, ready to use. */
export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
  kid: string;
}

/**
 * The RSA key the emulator signs id_tokens with, generated on first use and kept in the
 * emulator's state so `/id/keys` and every id_token agree for the emulator's lifetime.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
export function signingKey(emulator: Emulator): SigningKey {
  if (!emulator.signingKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomBytes(6).toString('hex');
    emulator.signingKey = {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
      kid,
    };
  }
  const { privateKeyPem, publicJwk, kid } = emulator.signingKey;
  return { privateKey: createPrivateKey(privateKeyPem), publicJwk, kid };
}

/** The public half as a JWK set, as `/id/keys` publishes it. */
export function publicJwks(emulator: Emulator): { keys: Array<Record<string, unknown>> } {
  return { keys: [signingKey(emulator).publicJwk] };
}
