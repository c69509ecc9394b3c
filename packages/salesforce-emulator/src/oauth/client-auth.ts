import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import { invalidClient, invalidClientId } from './oauth-error.ts';
import { presentedClient, type OAuthParams } from './oauth-params.ts';

/** Whether a flow needs the consumer secret: always, only when one is sent, or never. */
export type SecretRule = 'required' | 'if_present';

/** Compares secrets in constant time (hashing first so lengths do not leak either). */
export function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Identifies the connected app of a token request by its consumer key and checks the consumer
 * secret (form parameters or HTTP Basic).
 * Fails with `invalid_client_id` for an unknown or missing key and `invalid_client` for a wrong
 * or (when required) missing secret.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm
 */
export function authenticateClient(
  emulator: Emulator,
  request: FastifyRequest,
  params: OAuthParams,
  rule: SecretRule,
): { app: ConnectedApp; secretVerified: boolean } {
  const { clientId, clientSecret } = presentedClient(request, params);
  const app = clientId ? emulator.findAppByConsumerKey(clientId) : undefined;
  if (!app) throw invalidClientId();
  if (clientSecret === undefined || clientSecret === '') {
    if (rule === 'required') throw invalidClient();
    return { app, secretVerified: false };
  }
  if (!secretsEqual(clientSecret, app.consumerSecret)) throw invalidClient();
  return { app, secretVerified: true };
}
