import type { FastifyInstance } from 'fastify';
import type { CreateAppOptions, Emulator } from '../../emulator.ts';
import { createConnectedApp, describeConnectedApp, listConnectedApps } from '../apps.ts';
import { invalidRequest } from '../control-error.ts';
import { listGrants, revokeGrantsOfApp } from '../grants.ts';
import { optionalString, optionalStringArray, rejectUnknownKeys } from '../input.ts';
import { setClientCredentialsUser, setPreAuthorizedUsers, updateAppPolicy } from '../policies.ts';
import { controlRoute } from './control-route.ts';

const APP_ORG = '/apps/:app/orgs/:orgId';

/** Connected apps: create, list, policies, per-org settings, their grants. */
export function registerAppRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/apps', () => listConnectedApps(emulator));
  controlRoute(
    scope,
    'POST',
    '/apps',
    ({ body }) => createConnectedApp(emulator, body as unknown as CreateAppOptions),
    201,
  );
  controlRoute(scope, 'GET', '/apps/:app', ({ params }) =>
    describeConnectedApp(emulator, params.app!),
  );
  controlRoute(scope, 'PATCH', '/apps/:app', ({ params, body }) =>
    updateAppPolicy(emulator, params.app!, body),
  );
  controlRoute(scope, 'PUT', `${APP_ORG}/pre-authorized-users`, ({ params, body }) => {
    rejectUnknownKeys(body, ['usernames']);
    const usernames = optionalStringArray(body, 'usernames');
    if (usernames === undefined) throw invalidRequest('usernames is required');
    return setPreAuthorizedUsers(emulator, params.app!, params.orgId!, usernames);
  });
  controlRoute(scope, 'PUT', `${APP_ORG}/client-credentials-user`, ({ params, body }) => {
    rejectUnknownKeys(body, ['user']);
    if (!('user' in body)) throw invalidRequest('user (id, username or null) is required');
    return setClientCredentialsUser(
      emulator,
      params.app!,
      params.orgId!,
      optionalString(body, 'user') ?? null,
    );
  });
  controlRoute(scope, 'GET', '/apps/:app/grants', ({ params }) =>
    listGrants(emulator, { appId: params.app! }),
  );
  controlRoute(scope, 'POST', '/apps/:app/grants/revoke', ({ params, body }) => {
    rejectUnknownKeys(body, ['orgId']);
    return revokeGrantsOfApp(emulator, params.app!, optionalString(body, 'orgId'));
  });
}
