import type { SObjectRecord } from '../../data/sobject-table.ts';
import { hostBaseUrl, type Host } from '../../http/hosts.ts';
import type { ConnectedApp } from '../../model/connected-app.ts';
import type { Org } from '../../model/org.ts';
import { issueSession, withoutRefreshScopes } from '../grant-store.ts';
import { buildTokenResponse } from '../token-response.ts';
import type { GrantContext } from './grant-context.ts';

/** What the password, JWT bearer and client-credentials grants settle on before answering. */
export interface AccessTokenOnlyInput {
  org: Org;
  app: ConnectedApp;
  user: SObjectRecord;
  scopes: string[];
  /** The client-credentials flow also names the API gateway host. */
  apiInstanceUrl?: string;
}

/**
 * Issues an access token with no grant behind it and answers with the token response. These
 * flows never hand out a refresh token, so they create no approval and do not count towards the
 * five-approvals-per-user-per-app limit.
 */
export async function respondWithAccessTokenOnly(
  ctx: Pick<GrantContext, 'emulator'> & { host: Host },
  input: AccessTokenOnlyInput,
): Promise<Record<string, string>> {
  const { emulator, host } = ctx;
  const session = issueSession(emulator, {
    org: input.org,
    userId: input.user.Id,
    appId: input.app.id,
    grantId: null,
    scopes: withoutRefreshScopes(input.scopes),
    kind: 'oauth',
  });
  return buildTokenResponse(emulator, {
    org: input.org,
    app: input.app,
    session,
    refreshToken: null,
    issuer: hostBaseUrl(emulator, host),
    nonce: null,
    ...(input.apiInstanceUrl === undefined ? {} : { apiInstanceUrl: input.apiInstanceUrl }),
  });
}
