import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Emulator } from '../emulator.ts';
import type { SObjectRecord } from '../data/sobject-table.ts';
import type { AccessSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';
import { computeAccess, type UserAccess } from '../security/access.ts';
import { SalesforceError } from '../salesforce-error.ts';
import type { Host } from './hosts.ts';
import { sendRestError } from './responses.ts';
import { onHosts, parseApiVersion, type HostRouteOptions } from './routing.ts';
import { lookupSession, passwordExpired, tokenFromAuthorization } from './session.ts';

/** Everything a REST or Bulk handler knows about the caller. */
export interface ApiContext {
  emulator: Emulator;
  host: Host;
  org: Org;
  user: SObjectRecord;
  session: AccessSession;
  access: UserAccess;
  /** `58.0` */
  version: string;
  /** `/services/data/v58.0`, for building urls in responses. */
  basePath: string;
}

export type ApiHandler = (request: FastifyRequest, reply: FastifyReply, ctx: ApiContext) => unknown;

const invalidSession = () =>
  new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/**
 * Authenticates an API call the way an org instance does, in Salesforce's order: the session,
 * its scope, the expired-password lock, API access for the org and the user, then the daily
 * request allowance (counting this call and reporting usage in `Sforce-Limit-Info`).
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
export function authenticateApiCall(
  emulator: Emulator,
  request: FastifyRequest,
  reply: FastifyReply,
  host: Host,
  version: string,
): ApiContext {
  const token = tokenFromAuthorization(request.headers.authorization);
  const found = lookupSession(emulator, token);
  if (!found.ok) {
    if (found.problem === 'malformed_header')
      throw new SalesforceError(401, 'INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE');
    throw invalidSession();
  }
  const { session, org, user } = found;
  if (host.kind === 'mydomain' && host.org.id !== org.id) throw invalidSession();
  if (
    session.kind === 'oauth' &&
    !session.scopes.includes('api') &&
    !session.scopes.includes('full')
  ) {
    throw new SalesforceError(
      401,
      'INVALID_SESSION_ID',
      'This session is not valid for use with the REST API',
    );
  }
  if (passwordExpired(emulator, org, user.Id)) {
    throw new SalesforceError(
      401,
      'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
      'Your password has expired. Please reset your password.',
    );
  }
  if (!org.settings.apiEnabled) {
    throw new SalesforceError(
      403,
      'API_DISABLED_FOR_ORG',
      'The REST API is not enabled for this Organization.',
    );
  }
  const access = computeAccess(org, user.Id);
  if (!access.permissions.has('ApiEnabled')) {
    throw new SalesforceError(403, 'API_CURRENTLY_DISABLED', 'API is disabled for this user');
  }
  if (!emulator.countApiRequest(org)) {
    throw new SalesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  }
  reply.header(
    'sforce-limit-info',
    `api-usage=${emulator.apiRequestsUsed(org)}/${org.settings.dailyApiRequests}`,
  );
  return {
    emulator,
    host,
    org,
    user,
    session,
    access,
    version,
    basePath: `/services/data/v${version}`,
  };
}

/**
 * Registers an authenticated REST route under `/services/data/vXX.X<path>` on every instance
 * host. Handlers throw {@link SalesforceError} for Salesforce-shaped failures.
 */
export function apiRoute(
  app: FastifyInstance,
  emulator: Emulator,
  method: HTTPMethods | HTTPMethods[],
  path: string,
  handler: ApiHandler,
  options: HostRouteOptions = {},
): void {
  onHosts(
    app,
    emulator,
    method,
    `/services/data/:version${path}`,
    'instance',
    async (request, reply, host) => {
      try {
        const version = parseApiVersion(emulator, (request.params as { version: string }).version);
        const ctx = authenticateApiCall(emulator, request, reply, host, version);
        return await handler(request, reply, ctx);
      } catch (error) {
        if (error instanceof SalesforceError) return sendRestError(request, reply, error);
        throw error;
      }
    },
    options,
  );
}
