import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.ts';
import { invalidRequest } from '../control-error.ts';
import { listGrants, revokeGrantById, type GrantState } from '../grants.ts';
import { controlRoute } from './control-route.ts';

const STATES: GrantState[] = ['active', 'revoked', 'expired'];

/** Grants (approvals) across orgs, users and apps. */
export function registerGrantRoutes(scope: FastifyInstance, emulator: Emulator): void {
  controlRoute(scope, 'GET', '/grants', ({ query }) => {
    const state = query.state;
    if (state !== undefined && !STATES.includes(state as GrantState))
      throw invalidRequest(`state must be one of ${STATES.join(', ')}`);
    if (query.userId !== undefined && query.orgId === undefined)
      throw invalidRequest('userId needs orgId');
    return listGrants(emulator, {
      orgId: query.orgId,
      userId: query.userId,
      appId: query.appId,
      state: state as GrantState | undefined,
    });
  });
  controlRoute(scope, 'POST', '/grants/:grantId/revoke', ({ params }) =>
    revokeGrantById(emulator, params.grantId!),
  );
}
