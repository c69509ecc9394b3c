import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { apiRoute, type ApiHandler } from '../http/api-route.ts';

/**
 * Registers an authenticated REST route with and without a trailing slash: clients differ
 * (simple-salesforce posts to `sobjects/Account/`, jsforce to `sobjects/Account`) and Salesforce
 * answers both the same.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm
 */
export function restRoute(
  app: FastifyInstance,
  emulator: Emulator,
  method: HTTPMethods | HTTPMethods[],
  path: string,
  handler: ApiHandler,
): void {
  const bare = path.replace(/\/+$/, '');
  apiRoute(app, emulator, method, bare, handler);
  apiRoute(app, emulator, method, `${bare}/`, handler);
}
