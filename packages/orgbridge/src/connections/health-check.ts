import { performance } from 'node:perf_hooks';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import { salesforceOutcome, type ApiUsage } from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction } from '../store/repositories.ts';
import {
  announceUsage,
  budgetPercent,
  overBudget,
  recordApiUsage,
  usagePercent,
  usageUpdate,
} from './api-usage.ts';
import { applyLifecycle } from './connection-state.ts';
import type { ConnectionsContext } from './connections-context.ts';
import { OrgClient } from './org-client.ts';
import { appendEvents } from './event-log.ts';
import { passwordExpiryUpdate } from './password-expiry.ts';
import type { TokenService } from './token-service.ts';
import { readUserFacts, type UserFacts } from './user-facts.ts';

/** What a health check needs. */
export interface HealthServices {
  ctx: ConnectionsContext;
  tokens: TokenService;
  client: OrgClient;
}

/** The services orgbridge's own work on an org uses (probes, permission checks, pulls). */
export function orgServices(ctx: ConnectionsContext, tokens: TokenService): HealthServices {
  return { ctx, tokens, client: new OrgClient(ctx, tokens) };
}

/** One health check as stored and shown. */
export interface HealthCheck {
  id: string;
  checkedAt: string;
  trigger: 'probe' | 'manual';
  ok: boolean;
  /** `ok`, or the failure's kind: `needs_reauth`, `transient`, `rate_limited`, `access_denied`, … */
  outcome: string;
  reason: string | null;
  message: string | null;
  durationMs: number;
  /** The connection's status after the check. */
  statusAfter: string;
}

/** Checks kept per connection; older ones are deleted. */
const HISTORY_KEPT = 100;
/** The user's facts (profile, permissions, last password change) are re-read this often. */
const USER_FACTS_EVERY_MS = 86_400_000;
/** How often an over-budget connection is still probed. */
const OVER_BUDGET_PROBE_MS = 3_600_000;

interface LimitsBody {
  DailyApiRequests?: { Max?: number; Remaining?: number };
}

/**
 * Proves a connection works with the cheapest call that needs a working grant and API access:
 * `GET /limits` (one API request, which also reports the org's daily usage). On success the
 * connection is `active` (`connection.restored` once if it was degraded); on failure Salesforce's
 * answer is classified and the connection transitions (DESIGN §3). Once a day it also reads the
 * user's facts, for the integration-user advice and password expiry. A `needs_reauth` connection
 * is not sent to Salesforce (only a person can fix it); a disabled one is refused.
 */
export async function runHealthCheck(
  services: HealthServices,
  connectionId: string,
  trigger: 'probe' | 'manual',
): Promise<HealthCheck> {
  const { ctx, client } = services;
  const repos = createRepositories(ctx.db);
  const row = await repos.connections.find(connectionId);
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  if (row.status === 'disabled')
    throw new AppError(
      ErrorCode.CONNECTION_DISABLED,
      'the connection is disabled; enable it first',
      {
        details: { connectionId },
      },
    );
  const started = performance.now();
  let ok = false;
  let outcome = 'ok';
  let reason: string | null = null;
  let message: string | null = null;
  let usage: ApiUsage | null = null;
  if (row.status === 'needs_reauth' || row.status === 'pending') {
    outcome = row.status;
    reason = row.status_reason;
    message =
      row.status === 'pending'
        ? 'not authorized yet'
        : 'needs re-authorization; nothing was sent to Salesforce';
  } else {
    try {
      // The resource map of the API version: any API user may read it, it needs a working
      // token, and its Sforce-Limit-Info header carries the org's daily usage.
      const answer = await client.request(connectionId, {
        path: '/services/data/{version}/',
        recordUsage: false,
      });
      usage = answer.limits;
      ok = true;
      const budgetLeft = usage === null || usagePercent(usage.used, usage.max) < budgetPercent(ctx);
      if (
        budgetLeft &&
        row.user_id &&
        (row.user_facts_at === null || ctx.now() - row.user_facts_at >= USER_FACTS_EVERY_MS)
      )
        await refreshDailyFacts(
          services,
          row,
          await readUserFacts(client, connectionId, row.user_id),
        );
    } catch (error) {
      if (!isAppError(error)) throw error;
      const classified = salesforceOutcome(error);
      outcome =
        classified?.kind ?? (error.code === ErrorCode.REAUTH_REQUIRED ? 'needs_reauth' : 'error');
      const detailReason = error.details.reason;
      reason =
        classified && 'reason' in classified
          ? classified.reason
          : typeof detailReason === 'string'
            ? detailReason
            : null;
      message = error.message;
    }
  }
  const durationMs = Math.round(performance.now() - started);
  const now = ctx.now();
  return inTransaction(ctx.db, async (trx) => {
    const check: HealthCheck = {
      id: ctx.newId('hc'),
      checkedAt: new Date(now).toISOString(),
      trigger,
      ok,
      outcome,
      reason,
      message,
      durationMs,
      statusAfter: 'deleted',
    };
    const current = await trx.connections.find(connectionId);
    if (!current) return check;
    // One write of the connection: the probe's result, the usage it saw, the lifecycle change.
    const seen = usage ? usageUpdate(current, usage, now, true) : { patch: null, warning: null };
    // Over the budget ceiling the probe is the only background call left, and it slows to
    // once an hour: enough to see the budget return (Salesforce counts a rolling 24 hours).
    const paused =
      trigger === 'probe' &&
      overBudget({ ...current, ...seen.patch }, budgetPercent(ctx)) &&
      current.next_probe_at !== null &&
      current.next_probe_at < now + OVER_BUDGET_PROBE_MS;
    const patch = {
      ...seen.patch,
      last_probe_at: now,
      last_probe_ok: ok ? 1 : 0,
      ...(paused ? { next_probe_at: now + OVER_BUDGET_PROBE_MS } : {}),
    };
    if (ok) await applyLifecycle(ctx, trx, connectionId, { kind: 'succeeded' }, { patch });
    else await trx.connections.update(connectionId, current.version, { ...patch, updated_at: now });
    await announceUsage(ctx, trx, current, seen);
    const after = await trx.connections.find(connectionId);
    check.statusAfter = after?.status ?? 'deleted';
    await trx.healthChecks.insert({
      id: check.id,
      connection_id: connectionId,
      checked_at: now,
      trigger,
      ok: ok ? 1 : 0,
      outcome,
      reason,
      message,
      duration_ms: durationMs,
      status_after: check.statusAfter,
    });
    await trx.healthChecks.trim(connectionId, HISTORY_KEPT);
    return check;
  });
}

/**
 * The daily reads: the org's `/limits` (when the user may see it: it needs View Setup and
 * Configuration, which integration users often lack, so a refusal is not a failure), and the
 * user's facts, stored with any password-expiry announcement due.
 */
async function refreshDailyFacts(
  services: HealthServices,
  row: ConnectionRow,
  facts: UserFacts,
): Promise<void> {
  try {
    const limits = await services.client.request<LimitsBody>(row.id, {
      path: '/services/data/{version}/limits',
    });
    const daily = limits.body.DailyApiRequests;
    if (typeof daily?.Max === 'number' && typeof daily.Remaining === 'number')
      await recordApiUsage(
        services.ctx,
        row.id,
        { used: daily.Max - daily.Remaining, max: daily.Max },
        { force: true },
      );
  } catch (error) {
    if (salesforceOutcome(error)?.kind !== 'access_denied') throw error;
  }
  await storeUserFacts(services, row, facts);
}

/** Stores the user's facts and announces password expiry from them. */
async function storeUserFacts(
  services: HealthServices,
  row: ConnectionRow,
  facts: UserFacts,
): Promise<void> {
  const { ctx } = services;
  await inTransaction(ctx.db, async (trx) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const fresh = await trx.connections.find(row.id);
      if (!fresh) return;
      const expiry = passwordExpiryUpdate(ctx.now(), fresh, facts);
      const updated = await trx.connections.update(fresh.id, fresh.version, {
        user_facts: JSON.stringify(facts),
        user_facts_at: ctx.now(),
        ...expiry.patch,
      });
      if (!updated) continue;
      if (expiry.event)
        await appendEvents(trx, {
          types: ['password.expiring'],
          workspaceId: fresh.workspace_id,
          connectionId: fresh.id,
          data: expiry.event,
          now: ctx.now(),
          newId: ctx.newId,
        });
      return;
    }
  });
}
