import { AppError, ErrorCode } from '../errors.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';

/** The connected app a connection authorizes against: its own, or the configured default. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

/** Resolves the app of a connection, opening its own client secret from the vault. */
export function appCredentialsFor(ctx: ConnectionsContext, row: ConnectionRow): AppCredentials {
  if (row.client_id !== null && row.client_secret_sealed !== null) {
    return {
      clientId: row.client_id,
      clientSecret: ctx.vault.open(row.client_secret_sealed, sealContext.clientSecret(row.id)),
    };
  }
  return defaultApp(ctx);
}

/** The configured default app, or a clear error when there is none. */
export function defaultApp(ctx: ConnectionsContext): AppCredentials {
  const { clientId, clientSecret } = ctx.config.salesforce;
  if (clientId === null || clientSecret === null) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'no Salesforce connected app is configured: set ORGBRIDGE_SALESFORCE_CLIENT_ID and ORGBRIDGE_SALESFORCE_CLIENT_SECRET, or give the connection its own app',
    );
  }
  return { clientId, clientSecret };
}
