import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { CONTROL_PREFIX } from '../../http/faults.ts';
import { exhaustApiLimit, readApiUsage, restoreApiLimit, setApiUsage } from '../api-limits.ts';
import { readClock } from '../clock.ts';
import { invalidRequest } from '../control-error.ts';
import {
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  rejectUnknownKeys,
} from '../input.ts';
import { setOrgSettings } from '../org-settings.ts';
import { createOrg, describeOrg, listOrgs } from '../orgs.ts';
import { controlRoute } from './control-route.ts';

/** Index, orgs, org settings and API usage. */
export function registerOrgRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/', () => ({
    baseUrl: emulator.baseUrl,
    loginUrl: emulator.loginUrl,
    sandboxLoginUrl: emulator.sandboxLoginUrl,
    controlUrl: `${emulator.baseUrl}${CONTROL_PREFIX}`,
    now: readClock(emulator).now,
    orgs: emulator.orgs.size,
    apps: emulator.apps.size,
  }));
  controlRoute(scope, 'GET', '/orgs', () => listOrgs(emulator));
  controlRoute(
    scope,
    'POST',
    '/orgs',
    ({ body }) => {
      rejectUnknownKeys(body, [
        'name',
        'myDomain',
        'sandbox',
        'sandboxName',
        'edition',
        'settings',
      ]);
      return createOrg(emulator, {
        name: optionalString(body, 'name'),
        myDomain: optionalString(body, 'myDomain'),
        sandbox: optionalBoolean(body, 'sandbox'),
        sandboxName: optionalString(body, 'sandboxName'),
        edition: optionalString(body, 'edition'),
        settings: optionalObject(body, 'settings'),
      });
    },
    201,
  );
  controlRoute(scope, 'GET', '/orgs/:orgId', ({ params }) => describeOrg(emulator, params.orgId!));
  controlRoute(scope, 'PATCH', '/orgs/:orgId/settings', ({ params, body }) =>
    setOrgSettings(emulator, params.orgId!, body),
  );
  controlRoute(scope, 'GET', '/orgs/:orgId/api-usage', ({ params }) =>
    readApiUsage(emulator, params.orgId!),
  );
  controlRoute(scope, 'PUT', '/orgs/:orgId/api-usage', ({ params, body }) => {
    rejectUnknownKeys(body, ['used']);
    const used = optionalNumber(body, 'used');
    if (used === undefined) throw invalidRequest('used is required');
    return setApiUsage(emulator, params.orgId!, used);
  });
  controlRoute(scope, 'POST', '/orgs/:orgId/api-usage/exhaust', ({ params }) =>
    exhaustApiLimit(emulator, params.orgId!),
  );
  controlRoute(scope, 'POST', '/orgs/:orgId/api-usage/restore', ({ params }) =>
    restoreApiLimit(emulator, params.orgId!),
  );
}
