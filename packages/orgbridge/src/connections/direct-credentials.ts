import type { AuthFlow } from '../domain/environment.ts';
import { AppError, ErrorCode } from '../errors.ts';
import {
  clientCredentialsLogin,
  jwtBearerLogin,
  passwordLogin,
  type TokenSet,
} from '../salesforce/index.ts';
import type { ConnectionRow } from '../store/connection-repository.ts';
import { appCredentialsFor, defaultApp } from './app-credentials.ts';
import { sealContext, type ConnectionsContext } from './connections-context.ts';

/** The flows that log in without a browser: orgbridge holds what it needs to log in again. */
export type DirectFlow = Exclude<AuthFlow, 'web_server'>;

export const isDirectFlow = (flow: string): flow is DirectFlow =>
  flow === 'password' || flow === 'jwt_bearer' || flow === 'client_credentials';

/**
 * What a direct flow logs in with, beyond the connected app: the username-password flow's
 * username, password and security token; the JWT bearer flow's username and private key. The
 * client-credentials flow needs nothing more than the app.
 */
export interface DirectCredentials {
  username?: string;
  password?: string;
  securityToken?: string;
  privateKey?: string;
}

const missing = (field: string, flow: DirectFlow) =>
  new AppError(ErrorCode.VALIDATION_FAILED, `the ${flow} flow needs credentials.${field}`, {
    details: { field: `credentials.${field}` },
  });

/** Checks that a flow's credentials are complete, keeping only the fields the flow uses. */
export function checkCredentials(
  flow: DirectFlow,
  given: DirectCredentials | undefined,
): DirectCredentials {
  const c = given ?? {};
  switch (flow) {
    case 'password':
      if (!c.username) throw missing('username', flow);
      if (!c.password) throw missing('password', flow);
      return { username: c.username, password: c.password, securityToken: c.securityToken ?? '' };
    case 'jwt_bearer':
      if (!c.username) throw missing('username', flow);
      if (!c.privateKey) throw missing('privateKey', flow);
      return { username: c.username, privateKey: c.privateKey };
    case 'client_credentials':
      return {};
  }
}

/** Seals a flow's credentials for the connection row (null when the flow has none). */
export function sealCredentials(
  ctx: ConnectionsContext,
  connectionId: string,
  credentials: DirectCredentials,
): string | null {
  if (Object.keys(credentials).length === 0) return null;
  return ctx.vault.seal(JSON.stringify(credentials), sealContext.credentials(connectionId));
}

/** Opens the credentials stored on a connection. */
export function openCredentials(ctx: ConnectionsContext, row: ConnectionRow): DirectCredentials {
  if (row.credentials_sealed === null) return {};
  return JSON.parse(
    ctx.vault.open(row.credentials_sealed, sealContext.credentials(row.id)),
  ) as DirectCredentials;
}

/**
 * Logs in with a direct flow: a new access token with no refresh token behind it. The JWT bearer
 * flow needs only the app's consumer key (the connection's own, or the default app's); the other
 * two need the app's secret as well.
 */
export async function loginDirect(
  ctx: ConnectionsContext,
  row: ConnectionRow,
  credentials: DirectCredentials,
): Promise<TokenSet> {
  const common = {
    baseUrl: row.login_url,
    fetch: ctx.fetch,
    now: ctx.now,
    allowInsecureLoopback: ctx.config.allowInsecureLoopback,
  };
  const flow = row.auth_flow as DirectFlow;
  switch (flow) {
    case 'jwt_bearer':
      return jwtBearerLogin({
        ...common,
        clientId: row.client_id ?? defaultApp(ctx).clientId,
        username: credentials.username ?? '',
        privateKey: credentials.privateKey ?? '',
      });
    case 'password': {
      const app = appCredentialsFor(ctx, row);
      return passwordLogin({
        ...common,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        username: credentials.username ?? '',
        password: credentials.password ?? '',
        securityToken: credentials.securityToken ?? '',
      });
    }
    case 'client_credentials': {
      const app = appCredentialsFor(ctx, row);
      return clientCredentialsLogin({
        ...common,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
      });
    }
  }
}

/** Plain words for a direct login that Salesforce refused, naming the likely causes. */
export function refusedLoginMessage(flow: DirectFlow, reason: string | null): string {
  if (flow === 'password' && reason === 'credentials_invalid') {
    return (
      'Salesforce refused the username, password and security token. Either one of them is wrong ' +
      '(changing or resetting a password also resets the security token), or the org blocks the ' +
      'username-password flow, as orgs created since Summer ’23 do by default (Setup → OAuth and ' +
      'OpenID Connect Settings → Allow OAuth Username-Password Flows). Salesforce answers both the ' +
      'same way. Salesforce is retiring this flow: prefer the JWT bearer or client-credentials ' +
      'flow with a dedicated integration user.'
    );
  }
  if (flow === 'jwt_bearer' && reason === 'app_not_approved') {
    return (
      'Salesforce refused the JWT assertion: the user is not pre-authorized for the connected app. ' +
      'In Setup → Connected Apps → Manage → Edit Policies, set Permitted Users to "Admin approved ' +
      'users are pre-authorized" and add the user’s profile or a permission set.'
    );
  }
  if (flow === 'client_credentials' && reason === 'credentials_invalid') {
    return (
      'Salesforce refused the client credentials: the consumer key or secret is wrong, or the ' +
      'connected app has no run-as user (Setup → Connected Apps → Manage → Edit Policies → ' +
      'Client Credentials Flow → Run As).'
    );
  }
  if (reason === 'user_inactive') return 'The Salesforce user is deactivated.';
  return 'Salesforce refused the login.';
}
