import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import type { FaultKind } from '../../model/fault.ts';
import { clearFaults, injectFault, listFaults } from '../faults.ts';
import { optionalNumber, optionalString, rejectUnknownKeys, requiredString } from '../input.ts';
import { controlRoute } from './control-route.ts';

/** Injected faults. */
export function registerFaultRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/faults', () => listFaults(emulator));
  controlRoute(
    scope,
    'POST',
    '/faults',
    ({ body }) => {
      rejectUnknownKeys(body, ['kind', 'orgId', 'pathPrefix', 'count', 'latencyMs', 'status']);
      return injectFault(emulator, {
        kind: requiredString(body, 'kind') as FaultKind,
        orgId: optionalString(body, 'orgId'),
        pathPrefix: optionalString(body, 'pathPrefix'),
        count: optionalNumber(body, 'count', { min: 1 }),
        latencyMs: optionalNumber(body, 'latencyMs', { max: 600_000 }),
        status: optionalNumber(body, 'status', { min: 400, max: 599 }),
      });
    },
    201,
  );
  controlRoute(scope, 'DELETE', '/faults', () => clearFaults(emulator));
  controlRoute(scope, 'DELETE', '/faults/:faultId', ({ params }) =>
    clearFaults(emulator, params.faultId),
  );
}
