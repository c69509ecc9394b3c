import { Type } from 'typebox';
import type { ApiInstance, AppServices } from '../app.ts';
import { requireAdmin } from '../authenticate.ts';

const Workspace = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });

/** Workspaces: created and listed with the admin key. */
export function registerWorkspaceRoutes(api: ApiInstance, services: AppServices): void {
  api.post(
    '/workspaces',
    {
      schema: {
        summary: 'Create a workspace and its first API key (shown once)',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            createdAt: Type.String(),
            apiKey: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      requireAdmin(request.principal!);
      const { workspace, apiKey } = await services.workspaces.create(request.body.name);
      return reply.code(201).send({ ...workspace, apiKey });
    },
  );
  api.get(
    '/workspaces',
    {
      schema: {
        summary: 'List workspaces',
        response: { 200: Type.Object({ workspaces: Type.Array(Workspace) }) },
      },
    },
    async (request) => {
      requireAdmin(request.principal!);
      return { workspaces: await services.workspaces.list() };
    },
  );
}
