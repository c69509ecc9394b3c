import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { AccessSession } from '../model/grants.ts';
import type { Org } from '../model/org.ts';
import { signIdToken } from './id-token.ts';
import { tokenSignature } from './token-signature.ts';

/** What a token response is built from. */
export interface TokenResponseInput {
  org: Org;
  app: ConnectedApp;
  session: AccessSession;
  /** Present only when this response hands out a (new) refresh token. */
  refreshToken: string | null;
  /** Base URL of the host that issues the id_token. */
  issuer: string;
  nonce: string | null;
  /** The client-credentials flow also names the API gateway host. */
  apiInstanceUrl?: string;
}

/**
 * The JSON a successful token request returns, with Salesforce's keys in Salesforce's order.
 * `issued_at` is a string of epoch milliseconds; there is no `expires_in` (the lifetime is the
 * session timeout). `id_token` appears only with the `openid` scope.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export async function buildTokenResponse(
  emulator: Emulator,
  input: TokenResponseInput,
): Promise<Record<string, string>> {
  const { org, app, session } = input;
  const id = emulator.identityUrl(org, session.userId);
  const issuedAt = String(session.issuedAt);
  const body: Record<string, string> = { access_token: session.token };
  if (input.refreshToken) body.refresh_token = input.refreshToken;
  body.signature = tokenSignature(app.consumerSecret, id, issuedAt);
  body.scope = session.scopes.join(' ');
  if (session.scopes.includes('openid')) {
    body.id_token = await signIdToken(emulator, {
      issuer: input.issuer,
      subject: id,
      audience: app.consumerKey,
      accessToken: session.token,
      nonce: input.nonce,
    });
  }
  body.instance_url = emulator.instanceUrl(org);
  body.id = id;
  body.token_type = 'Bearer';
  body.issued_at = issuedAt;
  if (input.apiInstanceUrl !== undefined) body.api_instance_url = input.apiInstanceUrl;
  return body;
}
