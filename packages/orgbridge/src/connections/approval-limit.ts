import type { Repositories } from '../store/repositories.ts';
import { APPROVALS_PER_USER_PER_APP } from './connect-service.ts';
import type { ConnectionsContext } from './connections-context.ts';
import { applyLifecycle } from './connection-state.ts';

/**
 * Salesforce keeps at most five approvals of one app per user; a sixth revokes the least recently
 * used one, whose refresh then fails with the same "expired access/refresh token" as any revoked
 * grant. orgbridge knows which of its connections share a user and app, so after a new approval
 * it marks the displaced ones `needs_reauth` / `token_limit_exceeded` at once, naming the
 * connection that displaced them, instead of waiting for a refresh to fail.
 * Last use is the later of the last refresh and the grant's issue time.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_request_manage.htm
 */
export async function markDisplacedApprovals(
  ctx: ConnectionsContext,
  repos: Repositories,
  input: {
    orgId: string;
    userId: string;
    clientId: string;
    newConnectionId: string;
    newNickname: string;
  },
): Promise<string[]> {
  const holders = (await repos.connections.listGrantHolders(input.orgId, input.userId)).filter(
    (c) =>
      c.effective_client_id === input.clientId &&
      (c.status === 'active' || c.status === 'degraded'),
  );
  const excess = holders.length - APPROVALS_PER_USER_PER_APP;
  if (excess <= 0) return [];
  const grantIssued = new Map<string, number>();
  for (const c of holders) {
    const grant = c.grant_id ? await repos.grants.find(c.grant_id) : undefined;
    grantIssued.set(c.id, Math.max(c.last_refresh_at ?? 0, grant?.issued_at ?? 0));
  }
  const victims = holders
    .filter((c) => c.id !== input.newConnectionId)
    .sort((a, b) => grantIssued.get(a.id)! - grantIssued.get(b.id)!)
    .slice(0, excess);
  const newWorkspace = (await repos.connections.find(input.newConnectionId))?.workspace_id;
  for (const victim of victims) {
    // Another workspace's nickname is not this workspace's business; its id reveals nothing.
    const detail = {
      displacedBy: input.newConnectionId,
      displacedByNickname: victim.workspace_id === newWorkspace ? input.newNickname : null,
    };
    await applyLifecycle(
      ctx,
      repos,
      victim.id,
      { kind: 'credential_invalid', reason: 'token_limit_exceeded' },
      { data: detail, patch: { status_detail: JSON.stringify(detail) } },
    );
  }
  return victims.map((v) => v.id);
}
