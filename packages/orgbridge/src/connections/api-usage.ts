import type { ApiUsage } from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { inTransaction, type Repositories } from '../store/repositories.ts';
import type { ConnectionsContext } from './connections-context.ts';
import { appendEvents } from './event-log.ts';

/** `api_limit.warning` is announced when daily usage first reaches each of these shares. */
export const API_WARNING_PERCENTS = [80, 95] as const;
/** Usage must fall this far below the lowest threshold before a new climb is announced again. */
const REARM_BELOW_PERCENT = 70;
/** Usage seen on responses is written at most this often per connection (the hot path). */
const PERSIST_EVERY_MS = 60_000;

export const usagePercent = (used: number, max: number): number =>
  max <= 0 ? 0 : Math.floor((used / max) * 100);

/** The share of the daily API requests at which background work pauses, unless configured. */
export const DEFAULT_BUDGET_PERCENT = 90;

/** The configured budget ceiling (`ORGBRIDGE_API_BUDGET_PERCENT`), in percent. */
export const budgetPercent = (ctx: ConnectionsContext): number =>
  ctx.config.apiBudgetPercent ?? DEFAULT_BUDGET_PERCENT;

/** Whether the org's last known usage is at or above the budget ceiling for background work. */
export function overBudget(row: ConnectionRow, ceilingPercent: number): boolean {
  if (row.api_requests_used === null || row.api_requests_max === null) return false;
  return usagePercent(row.api_requests_used, row.api_requests_max) >= ceilingPercent;
}

/** What seeing a usage figure changes on a connection: the columns, and a warning to announce. */
export interface UsageUpdate {
  patch: {
    api_requests_used: number;
    api_requests_max: number;
    api_usage_at: number;
    api_warned_percent: number | null;
  } | null;
  warning: { threshold: number; percent: number; used: number; max: number } | null;
}

/**
 * Decides what a usage figure changes (pure): `api_limit.warning` once per threshold (80 %,
 * 95 %) on the way up, re-armed after usage fell below 70 % (Salesforce counts a rolling 24 hours,
 * so usage falls by itself); otherwise a write at most once a minute unless `force`.
 */
export function usageUpdate(
  row: ConnectionRow,
  usage: ApiUsage,
  now: number,
  force: boolean,
): UsageUpdate {
  const percent = usagePercent(usage.used, usage.max);
  const warned = row.api_warned_percent ?? 0;
  const crossed = API_WARNING_PERCENTS.filter((t) => percent >= t && warned < t).at(-1);
  const rearm = warned > 0 && percent < REARM_BELOW_PERCENT;
  const stale = row.api_usage_at === null || now - row.api_usage_at >= PERSIST_EVERY_MS;
  if (crossed === undefined && !rearm && !stale && !force) return { patch: null, warning: null };
  return {
    patch: {
      api_requests_used: usage.used,
      api_requests_max: usage.max,
      api_usage_at: now,
      api_warned_percent: crossed ?? (rearm ? null : row.api_warned_percent),
    },
    warning:
      crossed === undefined
        ? null
        : { threshold: crossed, percent, used: usage.used, max: usage.max },
  };
}

/** Appends the `api_limit.warning` a usage update decided on, in the caller's transaction. */
export async function announceUsage(
  ctx: ConnectionsContext,
  repos: Repositories,
  row: ConnectionRow,
  update: UsageUpdate,
): Promise<void> {
  if (!update.warning) return;
  await appendEvents(repos, {
    types: ['api_limit.warning'],
    workspaceId: row.workspace_id,
    connectionId: row.id,
    data: { ...update.warning },
    now: ctx.now(),
    newId: ctx.newId,
  });
}

/**
 * Records the org's daily API usage as Salesforce reported it (`Sforce-Limit-Info` on a response,
 * or `/limits`) and announces any warning due; see {@link usageUpdate}.
 */
export async function recordApiUsage(
  ctx: ConnectionsContext,
  connectionId: string,
  usage: ApiUsage,
  options: { force?: boolean } = {},
): Promise<void> {
  const now = ctx.now();
  await inTransaction(ctx.db, async (repos) => {
    const row = await repos.connections.find(connectionId);
    if (!row) return;
    const update = usageUpdate(row, usage, now, options.force ?? false);
    if (!update.patch) return;
    if (
      !(await repos.connections.update(row.id, row.version, { ...update.patch, updated_at: now }))
    )
      return;
    await announceUsage(ctx, repos, row, update);
  });
}
