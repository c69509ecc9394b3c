import { AppError, ErrorCode } from '../errors.ts';
import type { HealthCheckRow } from '../store/health-check-repository.ts';
import { createRepositories } from '../store/repositories.ts';
import { budgetPercent, overBudget, usagePercent } from './api-usage.ts';
import type { ConnectionsContext } from './connections-context.ts';
import type { HealthCheck } from './health-check.ts';
import { passwordExpiresAt } from './password-expiry.ts';
import { integrationUserAdvice, type IntegrationUserAdvice, type UserFacts } from './user-facts.ts';

/** `GET /connections/{id}/health`: what is known about a connection's health, and its history. */
export interface HealthView {
  connectionId: string;
  status: string;
  statusReason: string | null;
  lastCheck: HealthCheck | null;
  /** When the background probe runs next; null when the connection is not probed. */
  nextProbeAt: string | null;
  apiUsage: {
    used: number;
    max: number;
    percent: number;
    checkedAt: string;
    /** The ceiling at which background work pauses, and whether it is paused now. */
    budgetPercent: number;
    paused: boolean;
  } | null;
  /** Password-flow connections: when the password expires by the org's policy. */
  passwordExpiresAt: string | null;
  integrationUser: IntegrationUserAdvice;
  /** Newest first. */
  history: HealthCheck[];
}

export function toHealthCheck(row: HealthCheckRow): HealthCheck {
  return {
    id: row.id,
    checkedAt: new Date(row.checked_at).toISOString(),
    trigger: row.trigger === 'manual' ? 'manual' : 'probe',
    ok: row.ok === 1,
    outcome: row.outcome,
    reason: row.reason,
    message: row.message,
    durationMs: row.duration_ms,
    statusAfter: row.status_after,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The health view of one connection of a workspace; `CONNECTION_NOT_FOUND` otherwise. */
export async function getHealth(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
  historyLimit = 20,
): Promise<HealthView> {
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  const history = (await repos.healthChecks.listRecent(row.id, historyLimit)).map(toHealthCheck);
  const ceiling = budgetPercent(ctx);
  const facts = row.user_facts === null ? null : (JSON.parse(row.user_facts) as UserFacts);
  const probed = row.status === 'active' || row.status === 'degraded';
  return {
    connectionId: row.id,
    status: row.status,
    statusReason: row.status_reason,
    lastCheck: history[0] ?? null,
    nextProbeAt: probed ? iso(row.next_probe_at) : null,
    apiUsage:
      row.api_requests_used === null || row.api_requests_max === null || row.api_usage_at === null
        ? null
        : {
            used: row.api_requests_used,
            max: row.api_requests_max,
            percent: usagePercent(row.api_requests_used, row.api_requests_max),
            checkedAt: new Date(row.api_usage_at).toISOString(),
            budgetPercent: ceiling,
            paused: overBudget(row, ceiling),
          },
    passwordExpiresAt: iso(passwordExpiresAt(row, facts)),
    integrationUser: integrationUserAdvice(row),
    history,
  };
}
