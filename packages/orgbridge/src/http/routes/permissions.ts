import { Type } from 'typebox';
import { orgServices } from '../../connections/health-check.ts';
import {
  getPermissions,
  runPermissionCheck,
  setPermissionRequirement,
  type PermissionRequirement,
} from '../../connections/permission-check.ts';
import { AppError, ErrorCode } from '../../errors.ts';
import { parseRequirementProfile, PRESET_NAMES } from '../../permissions/index.ts';
import { createRepositories } from '../../store/repositories.ts';
import type { ApiInstance, ConnectionServices } from '../app.ts';
import { requireWorkspace } from '../authenticate.ts';
import { emptyBodyAsObject } from '../optional-body.ts';
import { ConnectionParams } from '../schemas.ts';

const ProfileName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' });

/** A preset with its options, or a workspace profile by name. */
export const RequirementBody = Type.Union([
  Type.Object(
    {
      preset: Type.Enum([...PRESET_NAMES]),
      options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    },
    { additionalProperties: false },
  ),
  Type.Object({ profile: ProfileName }, { additionalProperties: false }),
]);

const PermissionsView = Type.Object({
  connectionId: Type.String(),
  /** `{ preset, options? }` or `{ profile }`; null when none is set. */
  requirement: Type.Unknown(),
  /** The latest report (docs/permissions.md); null before the first check. */
  report: Type.Unknown(),
  checkedAt: Type.Union([Type.String(), Type.Null()]),
});

/**
 * Permission verification (issue 4): the connection's requirement and report
 * (`/connections/{id}/permissions`), a check on demand, and the workspace's own requirement
 * profiles (`/permission-profiles`).
 */
export function registerPermissionRoutes(api: ApiInstance, services: ConnectionServices): void {
  const ctx = services.connections;
  const health = orgServices(ctx, services.tokens);

  api.get(
    '/connections/:id/permissions',
    {
      schema: {
        summary: 'The connection’s permission requirement and its latest report',
        params: ConnectionParams,
        response: { 200: PermissionsView },
      },
    },
    async (request) => getPermissions(ctx, requireWorkspace(request.principal!), request.params.id),
  );

  api.put(
    '/connections/:id/permissions',
    {
      schema: {
        summary: 'Set what the connection must be allowed to do, and check it now',
        params: ConnectionParams,
        body: RequirementBody,
        response: { 200: PermissionsView },
      },
    },
    async (request) =>
      setPermissionRequirement(
        health,
        requireWorkspace(request.principal!),
        request.params.id,
        request.body as PermissionRequirement,
      ),
  );

  api.post(
    '/connections/:id/permissions/check',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        summary: 'Verify the connection’s permissions now',
        params: ConnectionParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: PermissionsView },
      },
    },
    async (request) => {
      // Tenancy first: the check runs only on the caller's own connection.
      await getPermissions(ctx, requireWorkspace(request.principal!), request.params.id);
      return runPermissionCheck(health, request.params.id);
    },
  );

  api.get(
    '/permission-profiles',
    {
      schema: {
        summary: 'The shipped presets and the workspace’s own requirement profiles',
        response: {
          200: Type.Object({
            presets: Type.Array(Type.String()),
            profiles: Type.Array(
              Type.Object({
                name: Type.String(),
                definition: Type.Record(Type.String(), Type.Unknown()),
                updatedAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rows = await createRepositories(ctx.db).requirementProfiles.list(
        requireWorkspace(request.principal!),
      );
      return {
        presets: [...PRESET_NAMES],
        profiles: rows.map((r) => ({
          name: r.name,
          definition: JSON.parse(r.definition) as Record<string, unknown>,
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
      };
    },
  );

  api.put(
    '/permission-profiles/:name',
    {
      schema: {
        summary: 'Create or replace one of the workspace’s requirement profiles',
        params: Type.Object({ name: ProfileName }, { additionalProperties: false }),
        body: Type.Record(Type.String(), Type.Unknown()),
        response: {
          200: Type.Object({
            name: Type.String(),
            definition: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async (request) => {
      const workspaceId = requireWorkspace(request.principal!);
      const profile = parseRequirementProfile({ ...request.body, name: request.params.name });
      const now = ctx.now();
      await createRepositories(ctx.db).requirementProfiles.put({
        workspace_id: workspaceId,
        name: request.params.name,
        definition: JSON.stringify(profile),
        created_at: now,
        updated_at: now,
      });
      return {
        name: request.params.name,
        definition: profile as unknown as Record<string, unknown>,
      };
    },
  );

  api.delete(
    '/permission-profiles/:name',
    {
      schema: {
        summary: 'Delete one of the workspace’s requirement profiles',
        params: Type.Object({ name: ProfileName }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const deleted = await createRepositories(ctx.db).requirementProfiles.delete(
        requireWorkspace(request.principal!),
        request.params.name,
      );
      if (!deleted)
        throw new AppError(ErrorCode.NOT_FOUND, 'no such requirement profile', {
          details: { name: request.params.name },
        });
      return reply.code(204).send();
    },
  );
}
