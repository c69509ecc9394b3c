import { authenticateClient } from '../client-auth.ts';
import { OAuthError, inactiveUser, loginHoursRestricted } from '../oauth-error.ts';
import { respondWithAccessTokenOnly } from './access-token-only.ts';
import type { GrantContext } from './grant-context.ts';

/** The API gateway host Salesforce names in client-credentials responses. */
const API_INSTANCE_URL = 'https://api.salesforce.com';

/**
 * `grant_type=client_credentials`: the app acts as the run-as user its admin chose for the org.
 * Works only on the org's My Domain (the login hosts cannot tell which org is meant). No refresh
 * token; the response also names `api_instance_url`.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
 */
export async function clientCredentialsGrant(ctx: GrantContext): Promise<Record<string, string>> {
  const { emulator, request, host, params } = ctx;
  if (host.kind !== 'mydomain') {
    throw new OAuthError('invalid_grant', 'request not supported on this domain');
  }
  const { app } = authenticateClient(emulator, request, params, 'required');
  const org = host.org;
  const runAsId = app.clientCredentialsUser[org.id];
  const user = runAsId ? emulator.findUser(org, runAsId) : undefined;
  if (!user) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
  if (user.IsActive !== true) throw inactiveUser();
  if (!org.settings.loginHoursOpen) throw loginHoursRestricted();
  return respondWithAccessTokenOnly(ctx, {
    org,
    app,
    user,
    scopes: app.scopes,
    apiInstanceUrl: API_INSTANCE_URL,
  });
}
