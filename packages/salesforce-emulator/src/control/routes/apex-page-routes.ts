import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { grantApexPageAccess, revokeApexPageAccess } from '../apex-page-access.ts';
import { createApexPage, listApexPages } from '../apex-pages.ts';
import { optionalNumber, optionalString, rejectUnknownKeys, requiredString } from '../input.ts';
import type { PermissionTarget } from '../permission-target.ts';
import { controlRoute } from './control-route.ts';

const TARGETS: Array<[string, (name: string) => PermissionTarget]> = [
  ['/orgs/:orgId/profiles/:target', (profile) => ({ profile })],
  ['/orgs/:orgId/permission-sets/:target', (permissionSet) => ({ permissionSet })],
];

/** Visualforce pages, and their access on profiles and permission sets. */
export function registerApexPageRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/orgs/:orgId/apex-pages', ({ params }) =>
    listApexPages(emulator, params.orgId!),
  );
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/apex-pages',
    ({ params, body }) => {
      rejectUnknownKeys(body, ['name', 'label', 'namespacePrefix', 'apiVersion']);
      return createApexPage(emulator, params.orgId!, {
        name: requiredString(body, 'name'),
        label: optionalString(body, 'label'),
        namespacePrefix: optionalString(body, 'namespacePrefix'),
        apiVersion: optionalNumber(body, 'apiVersion', { min: 15, max: 1000, integer: false }),
      });
    },
    201,
  );
  for (const [base, target] of TARGETS) {
    controlRoute(scope, 'PUT', `${base}/apex-pages/:page`, ({ params, body }) => {
      rejectUnknownKeys(body, []);
      return grantApexPageAccess(emulator, params.orgId!, target(params.target!), params.page!);
    });
    controlRoute(scope, 'DELETE', `${base}/apex-pages/:page`, ({ params }) =>
      revokeApexPageAccess(emulator, params.orgId!, target(params.target!), params.page!),
    );
  }
}
