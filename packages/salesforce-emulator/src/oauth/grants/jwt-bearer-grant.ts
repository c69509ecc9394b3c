import { compactVerify, decodeJwt, importSPKI, importX509, type JWTPayload } from 'jose';
import type { Emulator } from '../../emulator.ts';
import { hostServesOrg } from '../../http/hosts.ts';
import type { Org } from '../../model/org.ts';
import { approvedScopes, isPreAuthorized } from '../app-access.ts';
import { recordLogin } from '../credentials.ts';
import {
  OAuthError,
  authenticationFailure,
  inactiveUser,
  invalidClientId,
  loginHoursRestricted,
  missingParameter,
  notAdminApproved,
  notApproved,
} from '../oauth-error.ts';
import { respondWithAccessTokenOnly } from './access-token-only.ts';
import type { GrantContext } from './grant-context.ts';

/** The `grant_type` of the JWT bearer flow (RFC 7523). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const invalidAssertion = () => new OAuthError('invalid_grant', 'invalid assertion');

/** The app's certificate (X.509 PEM) or, for tests that cannot mint certificates, an SPKI public key. */
async function verificationKey(pem: string) {
  try {
    return pem.includes('BEGIN CERTIFICATE')
      ? await importX509(pem, 'RS256')
      : await importSPKI(pem, 'RS256');
  } catch {
    return null;
  }
}

/** Audiences an assertion for the org may name: the login host of its kind (real or emulated) or its My Domain. */
function audiencesFor(emulator: Emulator, org: Org): string[] {
  const login = org.isSandbox
    ? [emulator.sandboxLoginUrl, 'https://test.salesforce.com']
    : [emulator.loginUrl, 'https://login.salesforce.com'];
  return [...login, emulator.instanceUrl(org), `https://${org.hostname}`];
}

function audienceAccepted(claims: JWTPayload, accepted: string[]): boolean {
  const trim = (s: string) => s.replace(/\/+$/, '');
  const wanted = accepted.map(trim);
  const given = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return given.some((a) => typeof a === 'string' && wanted.includes(trim(a)));
}

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`: an RS256 assertion signed with the
 * key of the app's certificate, `iss` the consumer key, `sub` the username, `aud` the login URL
 * of the org's kind (or its My Domain), `exp` in the future. The user must be pre-authorized or
 * hold an approval with a refresh token; the token gets those approvals' scopes combined.
 * No refresh token is issued.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
export async function jwtBearerGrant(ctx: GrantContext): Promise<Record<string, string>> {
  const { emulator, host, params } = ctx;
  const assertion = params.assertion;
  if (!assertion) throw missingParameter('assertion');
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw invalidAssertion();
  }
  const app =
    typeof claims.iss === 'string' ? emulator.findAppByConsumerKey(claims.iss) : undefined;
  if (!app) throw invalidClientId();
  const key = app.certificatePem ? await verificationKey(app.certificatePem) : null;
  if (!key) throw invalidAssertion();
  try {
    await compactVerify(assertion, key, { algorithms: ['RS256'] });
  } catch {
    throw invalidAssertion();
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= emulator.clock.now()) {
    throw invalidAssertion();
  }
  const found =
    typeof claims.sub === 'string' ? emulator.findUserByUsername(claims.sub) : undefined;
  if (!found) throw invalidAssertion();
  const { org, user } = found;
  if (!audienceAccepted(claims, audiencesFor(emulator, org))) {
    throw new OAuthError('invalid_grant', 'Audience validation failed');
  }
  if (!hostServesOrg(host, org)) throw authenticationFailure();
  if (user.IsActive !== true) throw inactiveUser();
  if (!org.settings.loginHoursOpen) throw loginHoursRestricted();

  const preAuthorized = isPreAuthorized(app, org.id, String(user.Username));
  let scopes: string[];
  if (app.adminApprovedOnly) {
    if (!preAuthorized) throw notAdminApproved();
    scopes = app.scopes;
  } else {
    scopes = preAuthorized ? app.scopes : approvedScopes(emulator, org.id, user.Id, app.id);
    if (scopes.length === 0) throw notApproved();
  }
  recordLogin(emulator, user);
  return respondWithAccessTokenOnly(ctx, { org, app, user, scopes });
}
