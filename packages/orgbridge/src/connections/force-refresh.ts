import { createRepositories } from '../store/repositories.ts';
import { requireConnection } from './connection-admin.ts';
import type { ConnectionsContext } from './connections-context.ts';
import { currentAccessToken } from './current-access-token.ts';
import { unusable, type AccessToken, type TokenService } from './token-service.ts';

/**
 * For a host application whose call got `INVALID_SESSION_ID`: refreshes the connection's token
 * unless it is no longer `staleAccessToken` (someone refreshed already), and returns the token
 * that now works. Concurrent callers reporting the same stale token share one refresh. Without
 * `staleAccessToken` the current token is refreshed (and nothing is learnt about the org's
 * session lifetime). Fails as
 * {@link TokenService.getAccessToken} does, with the connection's status and reason.
 */
export async function forceRefresh(
  ctx: ConnectionsContext,
  tokens: TokenService,
  workspaceId: string,
  connectionId: string,
  staleAccessToken?: string,
): Promise<AccessToken> {
  const row = await requireConnection(createRepositories(ctx.db), workspaceId, connectionId);
  const refusal = unusable(row);
  if (refusal) throw refusal;
  // Only the token Salesforce actually refused teaches the org's session lifetime.
  if (staleAccessToken !== undefined)
    await tokens.reportInvalidSession(connectionId, staleAccessToken);
  else await tokens.refresh(connectionId, await currentAccessToken(ctx, row));
  return tokens.getAccessToken(workspaceId, connectionId);
}
