import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { listGrants, revokeGrantsOfUser } from '../grants.ts';
import {
  optionalBoolean,
  optionalString,
  optionalStringArray,
  rejectUnknownKeys,
  requiredString,
} from '../input.ts';
import { expirePassword, resetPassword, setPassword } from '../passwords.ts';
import { describeUserAccess } from '../user-access.ts';
import { changeUserProfile } from '../user-permissions.ts';
import { createUser, deactivateUser, describeUser, listUsers, reactivateUser } from '../users.ts';
import { assignPermissionSet, unassignPermissionSet } from '../permission-sets.ts';
import { controlRoute } from './control-route.ts';

const USER = '/orgs/:orgId/users/:user';

/** Users: create, list, (de)activate, passwords, profile, permission set assignments, grants. */
export function registerUserRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/orgs/:orgId/users', ({ params }) =>
    listUsers(emulator, params.orgId!),
  );
  controlRoute(
    scope,
    'POST',
    '/orgs/:orgId/users',
    ({ params, body }) => {
      rejectUnknownKeys(body, [
        'username',
        'password',
        'securityToken',
        'firstName',
        'lastName',
        'email',
        'profile',
        'permissionSets',
        'active',
      ]);
      return createUser(emulator, params.orgId!, {
        username: requiredString(body, 'username'),
        password: optionalString(body, 'password'),
        securityToken: optionalString(body, 'securityToken'),
        firstName: optionalString(body, 'firstName'),
        lastName: optionalString(body, 'lastName'),
        email: optionalString(body, 'email'),
        profile: optionalString(body, 'profile'),
        permissionSets: optionalStringArray(body, 'permissionSets'),
        active: optionalBoolean(body, 'active'),
      });
    },
    201,
  );
  controlRoute(scope, 'GET', USER, ({ params }) =>
    describeUser(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'POST', `${USER}/deactivate`, ({ params }) =>
    deactivateUser(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'POST', `${USER}/reactivate`, ({ params }) =>
    reactivateUser(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'POST', `${USER}/password/expire`, ({ params }) =>
    expirePassword(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'POST', `${USER}/password/reset`, ({ params }) =>
    resetPassword(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'PUT', `${USER}/password`, ({ params, body }) => {
    rejectUnknownKeys(body, ['password', 'securityToken']);
    return setPassword(emulator, params.orgId!, params.user!, requiredString(body, 'password'), {
      securityToken: optionalString(body, 'securityToken'),
    });
  });
  controlRoute(scope, 'GET', `${USER}/access`, ({ params }) =>
    describeUserAccess(emulator, params.orgId!, params.user!),
  );
  controlRoute(scope, 'PUT', `${USER}/profile`, ({ params, body }) => {
    rejectUnknownKeys(body, ['profile']);
    return changeUserProfile(
      emulator,
      params.orgId!,
      params.user!,
      requiredString(body, 'profile'),
    );
  });
  controlRoute(
    scope,
    'POST',
    `${USER}/permission-sets`,
    ({ params, body }) => {
      rejectUnknownKeys(body, ['permissionSet']);
      return assignPermissionSet(
        emulator,
        params.orgId!,
        params.user!,
        requiredString(body, 'permissionSet'),
      );
    },
    201,
  );
  controlRoute(scope, 'DELETE', `${USER}/permission-sets/:permissionSet`, ({ params }) =>
    unassignPermissionSet(emulator, params.orgId!, params.user!, params.permissionSet!),
  );
  controlRoute(scope, 'GET', `${USER}/grants`, ({ params }) =>
    listGrants(emulator, { orgId: params.orgId!, userId: params.user! }),
  );
  controlRoute(scope, 'POST', `${USER}/grants/revoke`, ({ params, body }) => {
    rejectUnknownKeys(body, ['appId']);
    return revokeGrantsOfUser(emulator, params.orgId!, params.user!, optionalString(body, 'appId'));
  });
}
