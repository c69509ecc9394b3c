import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCode, isAppError } from '../errors.ts';
import { revokeToken, type RevokeResult } from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories, inTransaction, type Repositories } from '../store/repositories.ts';
import { applyLifecycle } from './connection-state.ts';
import { toConnectionView, type ConnectionView } from './connection-view.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';
import { currentAccessToken } from './current-access-token.ts';
import { appendEvents } from './event-log.ts';
import type { TokenService } from './token-service.ts';

/**
 * What happened at Salesforce when a connection was deleted: `revoked` or `already_invalid`
 * (the grant no longer works either way), `failed` (Salesforce could not be asked; the grant
 * expires by the org's policy), or `none` (the connection was never authorized).
 */
export type DeleteRevocation = RevokeResult | 'failed' | 'none';

/** How long a delete waits for a refresh in flight before revoking anyway. */
const DELETE_LEASE_WAIT_MS = 5_000;
const DELETE_LEASE_MS = 60_000;

/** A connection of the workspace, or `CONNECTION_NOT_FOUND` (also for another workspace's). */
export async function requireConnection(
  repos: Pick<Repositories, 'connections'>,
  workspaceId: string,
  connectionId: string,
): Promise<ConnectionRow> {
  const row = await repos.connections.findInWorkspace(workspaceId, connectionId);
  if (!row)
    throw new AppError(ErrorCode.CONNECTION_NOT_FOUND, 'no such connection', {
      details: { connectionId },
    });
  return row;
}

/** The workspace's connections, oldest first. */
export async function listConnections(
  ctx: ConnectionsContext,
  workspaceId: string,
): Promise<ConnectionView[]> {
  const rows = await createRepositories(ctx.db).connections.listForWorkspace(workspaceId);
  return rows.map(toConnectionView);
}

/** One connection of the workspace. Fails with `CONNECTION_NOT_FOUND`. */
export async function getConnection(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
): Promise<ConnectionView> {
  return toConnectionView(
    await requireConnection(createRepositories(ctx.db), workspaceId, connectionId),
  );
}

/**
 * Disables a connection (DESIGN §3): no refreshes and no background work until it is enabled;
 * the grant is kept. Disabling a disabled connection changes nothing. Announces
 * `connection.disabled`. Fails with `CONNECTION_NOT_FOUND`.
 */
export async function disableConnection(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
): Promise<ConnectionView> {
  return inTransaction(ctx.db, async (trx) => {
    const row = await requireConnection(trx, workspaceId, connectionId);
    if (row.status === 'disabled') return toConnectionView(row);
    await applyLifecycle(ctx, trx, connectionId, { kind: 'disable' });
    return toConnectionView(await requireConnection(trx, workspaceId, connectionId));
  });
}

/**
 * Enables a disabled connection: it returns to the status it had (announcing
 * `connection.enabled`), and a grant that was working is re-checked at once by forcing a refresh
 * of the current token, since Salesforce may have revoked it meanwhile. The check's verdict
 * lands in the connection's status: `active`, `needs_reauth` with Salesforce's reason, or
 * `degraded` when Salesforce did not answer; the enable succeeds either way and returns the
 * connection as it now is. Enabling a connection that is not disabled changes nothing.
 * Fails with `CONNECTION_NOT_FOUND`.
 */
export async function enableConnection(
  ctx: ConnectionsContext,
  tokens: TokenService,
  workspaceId: string,
  connectionId: string,
): Promise<ConnectionView> {
  const repos = createRepositories(ctx.db);
  const enabled = await inTransaction(ctx.db, async (trx) => {
    const row = await requireConnection(trx, workspaceId, connectionId);
    if (row.status !== 'disabled') return false;
    await applyLifecycle(ctx, trx, connectionId, { kind: 'enable' });
    return true;
  });
  const row = await requireConnection(repos, workspaceId, connectionId);
  if (!enabled || (row.status !== 'active' && row.status !== 'degraded'))
    return toConnectionView(row);
  try {
    await tokens.refresh(connectionId, await currentAccessToken(ctx, row));
  } catch (error) {
    // Salesforce's verdict is already recorded on the connection by the refresh.
    if (!isAppError(error) || error.code === ErrorCode.INTERNAL) throw error;
  }
  return toConnectionView(await requireConnection(repos, workspaceId, connectionId));
}

/**
 * Deletes a connection (DESIGN §3): revokes its grant at Salesforce (best effort, but always
 * attempted: the refresh token revokes the whole approval and frees one of the user's five),
 * then in one transaction erases the grant secrets, announces `connection.deleted` and removes
 * the connection with its grants and connect sessions. Its events stay: the event log is
 * history. Fails with `CONNECTION_NOT_FOUND`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
 */
export async function deleteConnection(
  ctx: ConnectionsContext,
  workspaceId: string,
  connectionId: string,
): Promise<{ revocation: DeleteRevocation }> {
  const repos = createRepositories(ctx.db);
  await requireConnection(repos, workspaceId, connectionId);
  // Hold the refresh lease so that no refresh rotates the refresh token between reading and
  // revoking it (revoking a rotated-out token would leave the approval alive).
  const holder = `delete:${ctx.newId('op')}`;
  const waitUntil = ctx.now() + DELETE_LEASE_WAIT_MS;
  while (
    !(await repos.connections.acquireRefreshLease(
      connectionId,
      holder,
      ctx.now(),
      ctx.now() + DELETE_LEASE_MS,
    )) &&
    ctx.now() < waitUntil
  )
    await sleep(50);

  try {
    const row = await requireConnection(repos, workspaceId, connectionId);
    const grant = row.grant_id ? await repos.grants.find(row.grant_id) : undefined;
    const token = grant?.refresh_token_sealed
      ? ctx.vault.open(grant.refresh_token_sealed, sealContext.refreshToken(grant.id))
      : await currentAccessToken(ctx, row);
    let revocation: DeleteRevocation = 'none';
    if (token !== null) {
      revocation = await revokeToken({
        baseUrl: row.login_url,
        token,
        fetch: ctx.fetch,
        allowInsecureLoopback: ctx.config.allowInsecureLoopback,
      }).catch((): DeleteRevocation => 'failed');
    }

    await inTransaction(ctx.db, async (trx) => {
      const fresh = await requireConnection(trx, workspaceId, connectionId);
      const now = ctx.now();
      for (const g of await trx.grants.listForConnection(connectionId)) {
        if (g.refresh_token_sealed !== null || g.access_token_sealed !== null)
          await trx.grants.retire(g.id, now, 'revoked');
      }
      await appendEvents(trx, {
        types: ['connection.deleted'],
        workspaceId,
        connectionId,
        data: {
          nickname: fresh.nickname,
          orgId: fresh.org_id,
          username: fresh.username,
          revocation,
        },
        now,
        newId: ctx.newId,
      });
      await trx.connections.delete(connectionId);
      ctx.warmTokens?.forget(connectionId);
    });
    return { revocation };
  } finally {
    await repos.connections.releaseRefreshLease(connectionId, holder);
  }
}
