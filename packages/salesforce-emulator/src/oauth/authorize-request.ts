import type { Emulator } from '../emulator.ts';
import type { ConnectedApp } from '../model/connected-app.ts';
import type { OAuthParams } from './oauth-params.ts';

/** A validated `/services/oauth2/authorize` request. */
export interface AuthorizeRequest {
  app: ConnectedApp;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  /** `login`, `consent`, `select_account` (space-separated in the request). */
  prompt: Set<string>;
  loginHint: string;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
  nonce: string | null;
  /** `immediate=true`: never show a page; fail instead. */
  immediate: boolean;
}

/** The outcome of validating an authorize request, and where its error goes. */
export type AuthorizeValidation =
  | { kind: 'ok'; request: AuthorizeRequest }
  /** Shown on a page: the redirect URI cannot be trusted. */
  | { kind: 'page'; error: string; description: string }
  /** Sent back to the (verified) redirect URI. */
  | {
      kind: 'redirect';
      redirectUri: string;
      state: string | undefined;
      error: string;
      description: string;
    };

/**
 * Validates an authorize request in Salesforce's order: the client and its callback first (their
 * errors are shown on a page, never redirected to an unverified URI), then the response type,
 * scopes and PKCE parameters (redirected as `error=…`). A missing `code_challenge_method` means
 * S256, as jsforce omits it; the verifier's length is never checked.
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 */
export function validateAuthorizeRequest(
  emulator: Emulator,
  params: OAuthParams,
): AuthorizeValidation {
  const app = params.client_id ? emulator.findAppByConsumerKey(params.client_id) : undefined;
  if (!app)
    return { kind: 'page', error: 'invalid_client_id', description: 'client identifier invalid' };
  const redirectUri = params.redirect_uri;
  if (!redirectUri) {
    return {
      kind: 'page',
      error: 'redirect_uri_missing',
      description: 'redirect_uri must not be empty',
    };
  }
  if (!app.callbackUrls.includes(redirectUri)) {
    return {
      kind: 'page',
      error: 'redirect_uri_mismatch',
      description: 'redirect_uri must match configuration',
    };
  }
  const state = params.state;
  const fail = (error: string, description: string): AuthorizeValidation => ({
    kind: 'redirect',
    redirectUri,
    state,
    error,
    description,
  });
  if (params.response_type !== 'code')
    return fail('unsupported_response_type', 'response type not supported');
  const requested = (params.scope ?? '').split(/[\s+]+/).filter((s) => s !== '');
  const scopes = requested.length === 0 ? [...app.scopes] : [...new Set(requested)];
  if (scopes.some((s) => !app.scopes.includes(s))) {
    return fail('invalid_scope', 'the requested scope is not allowed');
  }
  const challenge = params.code_challenge || null;
  const method = params.code_challenge_method || 'S256';
  if (method !== 'S256' && method !== 'plain') {
    return fail('invalid_request', 'invalid code_challenge_method');
  }
  if (app.requirePkce && challenge === null)
    return fail('invalid_request', 'missing required code challenge');
  return {
    kind: 'ok',
    request: {
      app,
      redirectUri,
      state,
      scopes,
      prompt: new Set((params.prompt ?? '').split(/[\s+]+/).filter((p) => p !== '')),
      loginHint: params.login_hint ?? '',
      codeChallenge: challenge,
      codeChallengeMethod: method,
      nonce: params.nonce || null,
      immediate: params.immediate === 'true',
    },
  };
}

/** `redirect_uri?k=v&…` (or `&k=v` when it already has a query), skipping absent values. */
export function callbackUrl(
  redirectUri: string,
  values: Record<string, string | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) query.append(k, v);
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
}
