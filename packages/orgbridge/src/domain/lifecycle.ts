import type { ConnectionState, DegradedReason, ReauthReason } from './connection-status.ts';
import type { EventType } from './event-type.ts';

/** Something that happened to a connection's grant, as the services observe it. */
export type LifecycleInput =
  /** A first authorization or a re-authorization succeeded. */
  | { kind: 'authorized' }
  /** A refresh, probe or API call proved the grant works. */
  | { kind: 'succeeded' }
  /** Salesforce or the network misbehaved; the grant itself may be fine. */
  | { kind: 'transient_failure'; reason: DegradedReason }
  /** Salesforce refused the grant. */
  | { kind: 'credential_invalid'; reason: ReauthReason }
  | { kind: 'disable' }
  | { kind: 'enable' }
  /** A permission check found a required item missing. */
  | { kind: 'permissions_missing' }
  /** A permission check found every required item granted. */
  | { kind: 'permissions_restored' };

/** The next state and the events to announce (each condition once: its start, then its end). */
export interface LifecycleOutcome {
  state: ConnectionState;
  events: EventType[];
}

const stay = (state: ConnectionState): LifecycleOutcome => ({ state, events: [] });

const missingPermissions = (state: ConnectionState): boolean =>
  state.status === 'degraded' && state.reason === 'permissions_missing';

/**
 * The connection lifecycle of DESIGN §3 as one pure function.
 * - A transient failure never leads to `needs_reauth`, and never leaves it.
 * - Only a successful (re-)authorization leaves `needs_reauth`.
 * - While `disabled`, nothing but `enable` changes the state; enable returns to the previous
 *   status, which the caller then re-checks against Salesforce.
 * - A condition that persists is announced once: repeating the same failure emits nothing.
 * - A missing permission degrades a working connection until a permission check finds it
 *   granted again; a good refresh, a transient failure or a new grant does not clear it.
 */
export function nextState(current: ConnectionState, input: LifecycleInput): LifecycleOutcome {
  if (current.status === 'disabled') {
    if (input.kind !== 'enable') return stay(current);
    return {
      state: {
        status: current.statusBeforeDisable ?? 'active',
        reason: current.reason,
        statusBeforeDisable: null,
      },
      events: ['connection.enabled'],
    };
  }
  switch (input.kind) {
    case 'enable':
      return stay(current);
    case 'disable':
      return {
        state: { status: 'disabled', reason: current.reason, statusBeforeDisable: current.status },
        events: ['connection.disabled'],
      };
    case 'authorized': {
      const events: EventType[] =
        current.status === 'pending' ? ['connection.created'] : ['connection.reauthorized'];
      // A new grant does not add a permission: the check that follows decides.
      if (missingPermissions(current)) return { state: current, events };
      if (current.status === 'degraded') events.push('connection.restored');
      return { state: { status: 'active', reason: null, statusBeforeDisable: null }, events };
    }
    case 'succeeded':
      if (current.status === 'degraded' && !missingPermissions(current)) {
        return {
          state: { status: 'active', reason: null, statusBeforeDisable: null },
          events: ['connection.restored'],
        };
      }
      return stay(current);
    case 'transient_failure':
      if (current.status === 'active') {
        return {
          state: { status: 'degraded', reason: input.reason, statusBeforeDisable: null },
          events: ['connection.degraded'],
        };
      }
      if (missingPermissions(current)) return stay(current);
      if (current.status === 'degraded' && current.reason !== input.reason) {
        // Same condition (degraded), new cause: record it without announcing again.
        return stay({ ...current, reason: input.reason });
      }
      return stay(current);
    case 'permissions_missing':
      if (current.status === 'active')
        return {
          state: { status: 'degraded', reason: 'permissions_missing', statusBeforeDisable: null },
          events: ['connection.degraded', 'permissions.missing'],
        };
      if (current.status === 'degraded' && !missingPermissions(current))
        return {
          state: { ...current, reason: 'permissions_missing' },
          events: ['permissions.missing'],
        };
      return stay(current);
    case 'permissions_restored':
      if (!missingPermissions(current)) return stay(current);
      return {
        state: { status: 'active', reason: null, statusBeforeDisable: null },
        events: ['permissions.restored', 'connection.restored'],
      };
    case 'credential_invalid':
      if (current.status === 'needs_reauth' && current.reason === input.reason)
        return stay(current);
      if (current.status === 'pending') return stay(current);
      return {
        state: { status: 'needs_reauth', reason: input.reason, statusBeforeDisable: null },
        events: ['connection.needs_reauth'],
      };
  }
}
