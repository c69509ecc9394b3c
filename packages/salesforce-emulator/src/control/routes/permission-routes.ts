import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { invalidRequest } from '../control-error.ts';
import {
  optionalBoolean,
  optionalObject,
  optionalString,
  optionalStringArray,
  rejectUnknownKeys,
} from '../input.ts';
import type { ObjectPermissionPatch } from '../object-permissions.ts';
import { setObjectPermissions } from '../object-permissions.ts';
import { createPermissionSet, listPermissionSets } from '../permission-sets.ts';
import type { PermissionTarget } from '../permission-target.ts';
import { setUserPermission } from '../user-permissions.ts';
import { controlRoute, type ControlInput } from './control-route.ts';

const TARGETS: Array<[string, (name: string) => PermissionTarget]> = [
  ['/orgs/:orgId/profiles/:target', (profile) => ({ profile })],
  ['/orgs/:orgId/permission-sets/:target', (permissionSet) => ({ permissionSet })],
];

/** Permission sets, and object and user permissions on profiles and permission sets. */
export function registerPermissionRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/orgs/:orgId/permission-sets', ({ params }) =>
    listPermissionSets(emulator, params.orgId!),
  );
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/permission-sets',
    ({ params, body }) => {
      rejectUnknownKeys(body, [
        'name',
        'label',
        'description',
        'userPermissions',
        'objectPermissions',
      ]);
      return createPermissionSet(emulator, params.orgId!, {
        name: optionalString(body, 'name'),
        label: optionalString(body, 'label'),
        description: optionalString(body, 'description'),
        userPermissions: optionalStringArray(body, 'userPermissions'),
        objectPermissions: optionalObject(body, 'objectPermissions') as
          Record<string, ObjectPermissionPatch> | undefined,
      });
    },
    201,
  );
  for (const [base, target] of TARGETS) {
    controlRoute(scope, 'PATCH', `${base}/object-permissions/:object`, ({ params, body }) =>
      setObjectPermissions(emulator, params.orgId!, target(params.target!), params.object!, body),
    );
    controlRoute(
      scope,
      'PUT',
      `${base}/user-permissions/:permission`,
      ({ params, body }: ControlInput) => {
        rejectUnknownKeys(body, ['enabled']);
        const enabled = optionalBoolean(body, 'enabled');
        if (enabled === undefined) throw invalidRequest('enabled (true or false) is required');
        return setUserPermission(
          emulator,
          params.orgId!,
          target(params.target!),
          params.permission!,
          enabled,
        );
      },
    );
  }
}
