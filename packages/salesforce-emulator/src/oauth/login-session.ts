import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { Host } from '../http/hosts.ts';
import { randomBase62 } from '../ids.ts';
import type { LoginSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';

const COOKIE = 'sid';

/** The host's key in login sessions: its hostname, or '' for the pod. */
function hostKey(host: Host): string {
  return host.hostname ?? '';
}

/** Every `sid` value the browser sent; with one cookie per host path there can be several. */
function sidValues(header: string | undefined): string[] {
  const values: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** A browser login that is still good, with its org and user. */
export interface LiveLogin {
  login: LoginSession;
  org: Org;
  user: SObjectRecord;
}

/**
 * The browser's login at this host: a `sid` cookie naming a login session made at the same host,
 * younger than the org's session timeout, whose user is still active.
 */
export function currentLogin(
  emulator: Emulator,
  request: FastifyRequest,
  host: Host,
): LiveLogin | null {
  const now = emulator.clock.now();
  for (const sid of sidValues(request.headers.cookie)) {
    const login = emulator.loginSessions.get(sid);
    if (!login || login.hostname !== hostKey(host)) continue;
    const org = emulator.orgs.get(login.orgId);
    if (!org || now - login.createdAt > org.settings.sessionTimeoutMs) continue;
    const user = emulator.findUser(org, login.userId);
    if (!user || user.IsActive !== true) continue;
    return { login, org, user };
  }
  return null;
}

/**
 * Starts a browser login and sets its `sid` cookie, HttpOnly and scoped to the host's path
 * prefix so each emulated host keeps its own login, as separate domains would.
 */
export function startLogin(
  emulator: Emulator,
  reply: FastifyReply,
  host: Host,
  org: Org,
  user: SObjectRecord,
): LiveLogin {
  const login: LoginSession = {
    id: randomBase62(40),
    orgId: org.id,
    userId: user.Id,
    hostname: hostKey(host),
    createdAt: emulator.clock.now(),
  };
  emulator.loginSessions.set(login.id, login);
  const path = host.hostname === null ? '/' : `/${host.hostname}`;
  reply.header('set-cookie', `${COOKIE}=${login.id}; Path=${path}; HttpOnly; SameSite=Lax`);
  return { login, org, user };
}
