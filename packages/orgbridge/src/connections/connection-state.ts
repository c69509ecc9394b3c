import type { ConnectionState, DegradedReason, ReauthReason } from '../domain/connection-status.ts';
import { nextState, type LifecycleInput } from '../domain/lifecycle.ts';
import type { SalesforceOutcome } from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import type { Repositories } from '../store/repositories.ts';
import type { ConnectionsContext } from './connections-context.ts';
import { appendEvents } from './event-log.ts';

const WAKING_EVENTS = new Set([
  'connection.enabled',
  'connection.reauthorized',
  'connection.restored',
]);

/** The lifecycle state stored on a connection row. */
export function stateOf(row: ConnectionRow): ConnectionState {
  return {
    status: row.status as ConnectionState['status'],
    reason: row.status_reason as ConnectionState['reason'],
    statusBeforeDisable: row.status_before_disable as ConnectionState['statusBeforeDisable'],
  };
}

/** What a Salesforce failure means for the lifecycle; null when it says nothing about the grant. */
export function lifecycleInputFor(outcome: SalesforceOutcome | null): LifecycleInput | null {
  if (outcome === null) return null;
  switch (outcome.kind) {
    case 'needs_reauth':
      return { kind: 'credential_invalid', reason: outcome.reason satisfies ReauthReason };
    case 'transient':
      return { kind: 'transient_failure', reason: outcome.reason satisfies DegradedReason };
    case 'rate_limited':
      return { kind: 'transient_failure', reason: 'api_limit_exceeded' };
    default:
      return null;
  }
}

/**
 * Applies a lifecycle input to a connection inside the caller's transaction: the new state, its
 * events (each condition announced once), and any extra columns. Returns the events emitted.
 * Optimistic: a row changed meanwhile is re-read and the input applied to what is there now.
 */
export async function applyLifecycle(
  ctx: ConnectionsContext,
  repos: Repositories,
  connectionId: string,
  input: LifecycleInput,
  extra: {
    data?: Record<string, unknown>;
    patch?: Parameters<Repositories['connections']['update']>[2];
  } = {},
): Promise<string[]> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await repos.connections.find(connectionId);
    if (!row) return [];
    const outcome = nextState(stateOf(row), input);
    const now = ctx.now();
    const updated = await repos.connections.update(row.id, row.version, {
      status: outcome.state.status,
      status_reason: outcome.state.reason,
      status_before_disable: outcome.state.statusBeforeDisable,
      ...(outcome.state.status === 'active' ? { status_detail: null } : {}),
      ...extra.patch,
      updated_at: now,
    });
    if (!updated) continue;
    ctx.warmTokens?.forget(connectionId);
    // Work that waited (pulls of a broken or disabled connection) catches up at once.
    if (outcome.events.some((e) => WAKING_EVENTS.has(e))) await repos.sync.wakeConnection(row.id);
    await appendEvents(repos, {
      types: outcome.events,
      workspaceId: row.workspace_id,
      connectionId: row.id,
      data: { status: outcome.state.status, reason: outcome.state.reason, ...extra.data },
      now,
      newId: ctx.newId,
    });
    return outcome.events;
  }
  throw new Error(`connection ${connectionId} kept changing; lifecycle update abandoned`);
}
