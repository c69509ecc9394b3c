import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Emulator } from '../emulator.ts';
import type { Fault } from '../model/fault.ts';
import { SalesforceError } from '../salesforce-error.ts';
import { resolveHost } from './hosts.ts';
import { sendJson, sendRestError } from './responses.ts';
import { tokenFromAuthorization } from './session.ts';

export const CONTROL_PREFIX = '/__emulator';

function requestOrgId(
  emulator: Emulator,
  request: FastifyRequest,
  hostname: string | undefined,
): string | null {
  const host = resolveHost(emulator, hostname);
  if (host?.kind === 'mydomain') return host.org.id;
  const token = tokenFromAuthorization(request.headers.authorization);
  const session = token ? emulator.sessions.get(token) : undefined;
  return session?.orgId ?? null;
}

function matches(emulator: Emulator, fault: Fault, request: FastifyRequest): boolean {
  const url = request.url;
  const firstSegment = /^\/([^/?]+)/.exec(url)?.[1];
  const hostname = firstSegment && resolveHost(emulator, firstSegment) ? firstSegment : undefined;
  const path = hostname ? url.slice(hostname.length + 1) : url;
  if (fault.pathPrefix !== null && !path.startsWith(fault.pathPrefix)) return false;
  if (fault.orgId !== null && requestOrgId(emulator, request, hostname) !== fault.orgId)
    return false;
  return true;
}

/**
 * Applies the first injected fault matching the request (control routes are never faulted).
 * Returns true when the request has been answered (or dropped) and must go no further.
 */
export async function applyFaults(
  emulator: Emulator,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (request.url.startsWith(CONTROL_PREFIX) || emulator.faults.length === 0) return false;
  const fault = emulator.faults.find((f) => matches(emulator, f, request));
  if (!fault) return false;
  if (fault.remaining !== null) {
    fault.remaining -= 1;
    if (fault.remaining <= 0) emulator.faults.splice(emulator.faults.indexOf(fault), 1);
  }
  switch (fault.kind) {
    case 'latency':
      await sleep(fault.latencyMs);
      return false;
    case 'drop':
      request.raw.socket.destroy();
      return true;
    case 'invalid_session':
      sendRestError(
        request,
        reply,
        new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
      );
      return true;
    case 'status': {
      const body =
        fault.status === 503
          ? [{ message: 'Service Unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
          : [
              {
                message:
                  'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89012 (-1234567890)',
                errorCode: 'UNKNOWN_EXCEPTION',
              },
            ];
      sendJson(request, reply, fault.status, body);
      return true;
    }
  }
}
