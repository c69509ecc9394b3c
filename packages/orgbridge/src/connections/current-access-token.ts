import type { ConnectionRow } from '../store/connection-repository.ts';
import { createRepositories } from '../store/repositories.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';

/**
 * The access token stored on a connection's current grant, opened from the vault; null before
 * the first authorization or when the grant holds none. A secret: hand it only to Salesforce or
 * to `TokenService.refresh` as the stale token.
 */
export async function currentAccessToken(
  ctx: ConnectionsContext,
  row: ConnectionRow,
): Promise<string | null> {
  if (row.grant_id === null) return null;
  const grant = await createRepositories(ctx.db).grants.find(row.grant_id);
  if (!grant?.access_token_sealed) return null;
  return ctx.vault.open(grant.access_token_sealed, sealContext.accessToken(grant.id));
}
