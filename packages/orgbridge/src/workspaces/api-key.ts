import { createHash, randomBytes } from 'node:crypto';

/** Workspace API keys look like `obk_<43 base64url chars>` (256 random bits). */
export const API_KEY_PREFIX = 'obk_';

/** A new random API key. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The stored form of a key: hex SHA-256. Keys carry 256 random bits, so a fast hash is enough —
 * there is nothing to brute-force, unlike a password.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
