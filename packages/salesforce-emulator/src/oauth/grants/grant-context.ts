import type { FastifyRequest } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import type { Host } from '../../http/hosts.ts';
import type { OAuthParams } from '../oauth-params.ts';

/** What a grant-type handler of the token endpoint works with. */
export interface GrantContext {
  emulator: Emulator;
  request: FastifyRequest;
  /** The host the token request reached. */
  host: Host;
  params: OAuthParams;
}

/** Answers a token request of one grant type with the success body, or throws an OAuthError. */
export type GrantHandler = (ctx: GrantContext) => Promise<Record<string, string>>;
