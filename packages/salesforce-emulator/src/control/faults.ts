import { randomUUID } from 'node:crypto';
import type { Emulator } from '../emulator.ts';
import type { Fault, FaultKind } from '../model/fault.ts';
import { invalidRequest, notFoundError } from './control-error.ts';
import { requireControlOrg } from './lookup.ts';

/** What to inject; everything but `kind` is optional. */
export interface FaultSpec {
  kind: FaultKind;
  /** Only requests to this org's My Domain or carrying its tokens. */
  orgId?: string | null;
  /** Only requests whose path (after the host prefix) starts with this, e.g. `/services/data`. */
  pathPrefix?: string | null;
  /** How many matching requests it hits; absent or null: until cleared. */
  count?: number | null;
  /** For `latency` (default 1000). */
  latencyMs?: number;
  /** For `status` (default 503). */
  status?: number;
}

const KINDS: FaultKind[] = ['latency', 'status', 'drop', 'invalid_session'];

/**
 * Injects trouble into the Salesforce-facing routes (never into the control API): a delay, an
 * HTTP status with Salesforce's body for it, a dropped connection, or a 401 `INVALID_SESSION_ID`.
 * The first matching fault applies to a request; faults apply in the order injected.
 */
export function injectFault(emulator: Emulator, spec: FaultSpec): Fault {
  if (!KINDS.includes(spec.kind)) throw invalidRequest(`kind must be one of ${KINDS.join(', ')}`);
  const orgId =
    spec.orgId === undefined || spec.orgId === null
      ? null
      : requireControlOrg(emulator, spec.orgId).id;
  const pathPrefix = spec.pathPrefix ?? null;
  if (pathPrefix !== null && (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')))
    throw invalidRequest('pathPrefix must start with /');
  const count = spec.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1))
    throw invalidRequest('count must be a positive integer (or null: until cleared)');
  const latencyMs = spec.latencyMs ?? 1000;
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 600_000)
    throw invalidRequest('latencyMs must be an integer from 0 to 600000');
  const status = spec.status ?? 503;
  if (!Number.isInteger(status) || status < 400 || status > 599)
    throw invalidRequest('status must be an HTTP error status (400-599)');
  const fault: Fault = {
    id: randomUUID(),
    kind: spec.kind,
    orgId,
    pathPrefix,
    remaining: count,
    latencyMs,
    status,
  };
  emulator.faults.push(fault);
  return { ...fault };
}

/** The faults still in force, in the order they apply. */
export function listFaults(emulator: Emulator): Fault[] {
  return emulator.faults.map((f) => ({ ...f }));
}

/** Clears one fault by id, or all when no id is given. Returns how many were cleared. */
export function clearFaults(emulator: Emulator, faultId?: string): { cleared: number } {
  if (faultId === undefined) {
    const cleared = emulator.faults.length;
    emulator.faults.length = 0;
    return { cleared };
  }
  const index = emulator.faults.findIndex((f) => f.id === faultId);
  if (index < 0) throw notFoundError('fault', faultId);
  emulator.faults.splice(index, 1);
  return { cleared: 1 };
}
