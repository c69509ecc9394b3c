import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Emulator } from '../emulator.ts';
import { SalesforceError, notFound } from '../salesforce-error.ts';
import { resolveHost, type Host } from './hosts.ts';
import { sendRestError } from './responses.ts';

/** Login hosts, My Domains and the pod (`auth`), or only where an org's data lives (`instance`). */
export type HostSet = 'auth' | 'instance';

export type HostHandler = (request: FastifyRequest, reply: FastifyReply, host: Host) => unknown;

export interface HostRouteOptions {
  bodyLimit?: number;
}

/**
 * Registers a route on every emulated host of the set: once under the `/:host` prefix and once
 * at the bare root (the pod). An unknown host, or an instance path on a login host, gets 404.
 */
export function onHosts(
  app: FastifyInstance,
  emulator: Emulator,
  method: HTTPMethods | HTTPMethods[],
  path: string,
  hosts: HostSet,
  handler: HostHandler,
  options: HostRouteOptions = {},
): void {
  const wrapped = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { host?: string };
    const host = resolveHost(emulator, params.host);
    if (!host || (hosts === 'instance' && host.kind === 'login')) {
      return sendRestError(request, reply, notFound());
    }
    return handler(request, reply, host);
  };
  app.route({ method, url: `/:host${path}`, handler: wrapped, ...options });
  app.route({ method, url: path, handler: wrapped, ...options });
}

/** Parses `v58.0` into `58.0`; 404 for nonsense or versions newer than the emulator serves, 410 for retired ones. */
export function parseApiVersion(emulator: Emulator, raw: string): string {
  const m = /^v(\d{1,3})\.0$/.exec(raw);
  if (!m) throw notFound();
  const major = Number(m[1]);
  if (major > Number(emulator.latestApiVersion)) throw notFound();
  if (major < 31) {
    throw new SalesforceError(
      410,
      'API_VERSION_RETIRED',
      `Version ${major}.0 of the API is retired and no longer available.`,
    );
  }
  return `${major}.0`;
}
