import { AppError, ErrorCode } from '../errors.ts';
import {
  parseRequirementProfile,
  PRESET_NAMES,
  presetProfile,
  verifyPermissions,
  type PermissionReport,
  type RequirementProfile,
  type SalesforceReader,
} from '../permissions/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { applyLifecycle } from './connection-state.ts';
import type { ConnectionsContext } from './connections-context.ts';
import type { HealthServices } from './health-check.ts';
import { unusable } from './token-service.ts';

/**
 * What a connection must be allowed to do: a shipped preset (with its options, such as
 * `partner-overlap`'s permission set) or one of the workspace's own profiles, by name.
 */
export type PermissionRequirement =
  { preset: string; options?: Record<string, unknown> } | { profile: string };

/** `GET /connections/{id}/permissions`. */
export interface PermissionsView {
  connectionId: string;
  requirement: PermissionRequirement | null;
  report: PermissionReport | null;
  /** Null when a check is due (new grant, new requirement) or none was ever made. */
  checkedAt: string | null;
}

const notFound = (connectionId: string) =>
  new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', { details: { connectionId } });

/** The requirement profile a requirement stands for; `VALIDATION_FAILED` when there is none. */
export async function resolveRequirement(
  repos: Repositories,
  workspaceId: string,
  requirement: PermissionRequirement,
): Promise<RequirementProfile> {
  if ('preset' in requirement) {
    if (!(PRESET_NAMES as readonly string[]).includes(requirement.preset))
      throw new AppError(
        ErrorCode.VALIDATION_FAILED,
        `unknown preset "${requirement.preset}"; presets: ${PRESET_NAMES.join(', ')}`,
        { details: { field: 'preset' } },
      );
    return presetProfile(requirement.preset, requirement.options);
  }
  const stored = await repos.requirementProfiles.find(workspaceId, requirement.profile);
  if (!stored)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `the workspace has no requirement profile named "${requirement.profile}"`,
      { details: { field: 'profile' } },
    );
  return parseRequirementProfile(JSON.parse(stored.definition));
}

function viewOf(row: ConnectionRow): PermissionsView {
  return {
    connectionId: row.id,
    requirement:
      row.permission_requirement === null
        ? null
        : (JSON.parse(row.permission_requirement) as PermissionRequirement),
    report:
      row.permission_report === null
        ? null
        : (JSON.parse(row.permission_report) as PermissionReport),
    checkedAt:
      row.permission_checked_at === null ? null : new Date(row.permission_checked_at).toISOString(),
  };
}

export async function getPermissions(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
): Promise<PermissionsView> {
  const row = await createRepositories(ctx.db).connections.findInWorkspace(
    workspaceId,
    connectionId,
  );
  if (!row) throw notFound(connectionId);
  return viewOf(row);
}

/**
 * Verifies a connection's permissions against its requirement, as the authorized user: the
 * report is stored, and a required item missing degrades the connection with
 * `permissions.missing` (naming the items), until a check finds them granted again
 * (`permissions.restored`). Fails with the connection's own refusal when it cannot be used
 * (`REAUTH_REQUIRED`, `CONNECTION_DISABLED`), and `VALIDATION_FAILED` when it has no requirement.
 */
export async function runPermissionCheck(
  services: HealthServices,
  connectionId: string,
): Promise<PermissionsView> {
  const { ctx, client } = services;
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.find(connectionId);
  if (!row) throw notFound(connectionId);
  const refusal = unusable(row);
  if (refusal) throw refusal;
  if (row.permission_requirement === null || row.user_id === null)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'the connection has no permission requirement: set one with PUT /connections/{id}/permissions',
      { details: { connectionId } },
    );
  const profile = await resolveRequirement(
    repos,
    row.workspace_id,
    JSON.parse(row.permission_requirement) as PermissionRequirement,
  );
  const reader: SalesforceReader = {
    get: async <T>(path: string) => (await client.request<T>(connectionId, { path })).body,
  };
  const report = await verifyPermissions(
    reader,
    profile,
    { userId: row.user_id },
    {
      now: () => new Date(ctx.now()),
    },
  );
  const missing = report.items
    .filter((i) => i.need === 'required' && i.status === 'missing')
    .map((i) => i.id);
  await inTransaction(ctx.db, (trx) =>
    applyLifecycle(
      ctx,
      trx,
      connectionId,
      { kind: report.ok ? 'permissions_restored' : 'permissions_missing' },
      {
        data: { profile: report.profile, missing },
        patch: { permission_report: JSON.stringify(report), permission_checked_at: ctx.now() },
      },
    ),
  );
  const after = await repos.connections.find(connectionId);
  if (!after) throw notFound(connectionId);
  return viewOf(after);
}

/**
 * Sets what a connection must be allowed to do and checks it at once (when the connection can
 * be used; otherwise the check runs once it is active again).
 */
export async function setPermissionRequirement(
  services: HealthServices,
  workspaceId: string,
  connectionId: string,
  requirement: PermissionRequirement,
): Promise<PermissionsView> {
  const { ctx } = services;
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!row) throw notFound(connectionId);
  await resolveRequirement(repos, workspaceId, requirement);
  for (let attempt = 0; ; attempt++) {
    const fresh = await repos.connections.find(connectionId);
    if (!fresh) throw notFound(connectionId);
    if (
      await repos.connections.update(fresh.id, fresh.version, {
        permission_requirement: JSON.stringify(requirement),
        permission_checked_at: null,
        updated_at: ctx.now(),
      })
    )
      break;
    if (attempt >= 4)
      throw new AppError(ErrorCode.CONFLICT, 'the connection kept changing; try again');
  }
  if (unusable(row)) return getPermissions(ctx, workspaceId, connectionId);
  return runPermissionCheck(services, connectionId);
}
