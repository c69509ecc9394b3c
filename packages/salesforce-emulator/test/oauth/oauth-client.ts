import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectedApp, CreatedUser } from '../../src/index.ts';

export const CALLBACK = 'http://127.0.0.1:9999/oauth/callback';

/** A cookie jar that honours each cookie's Path, as a browser does. */
export class Browser {
  readonly cookies: Array<{ name: string; value: string; path: string }> = [];

  cookieHeader(url: string): string {
    const path = new URL(url).pathname;
    return this.cookies
      .filter(
        (c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const existing = this.cookies.findIndex((c) => c.name === name && c.path === path);
      if (existing >= 0) this.cookies.splice(existing, 1);
      this.cookies.push({ name, value: pair!.slice(eq + 1), path });
    }
    return response;
  }

  /** Posts a page's form (its `action`, resolved against the page URL) with the given fields. */
  async submit(pageUrl: string, html: string, fields: Record<string, string>): Promise<Response> {
    const action = /<form\b[^>]*action="([^"]*)"/.exec(html)?.[1];
    assert.ok(action !== undefined, `no form on page: ${html.slice(0, 200)}`);
    const target = new URL(action.replace(/&amp;/g, '&'), pageUrl).toString();
    return this.fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export interface AuthorizeOptions {
  scope?: string;
  state?: string;
  prompt?: string;
  loginHint?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  redirectUri?: string;
  responseType?: string;
  nonce?: string;
}

export function authorizeUrl(
  hostUrl: string,
  app: ConnectedApp,
  options: AuthorizeOptions = {},
): string {
  const params = new URLSearchParams({
    response_type: options.responseType ?? 'code',
    client_id: app.consumerKey,
    redirect_uri: options.redirectUri ?? CALLBACK,
  });
  const optional: Record<string, string | undefined> = {
    scope: options.scope,
    state: options.state,
    prompt: options.prompt,
    login_hint: options.loginHint,
    code_challenge: options.codeChallenge,
    code_challenge_method: options.codeChallengeMethod,
    nonce: options.nonce,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) params.set(k, v);
  return `${hostUrl}/services/oauth2/authorize?${params.toString()}`;
}

/** A PKCE pair as jsforce makes it: a 171-character verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(128).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The callback URL a 302 points at. */
export function redirectTarget(response: Response): URL {
  assert.equal(response.status, 302, `expected a redirect, got ${response.status}`);
  return new URL(response.headers.get('location')!);
}

/**
 * Walks the browser side of the web-server flow: login page, consent (when shown), and returns
 * the final redirect to the callback.
 */
export async function authorizeInBrowser(
  browser: Browser,
  url: string,
  user: Pick<CreatedUser, 'username' | 'password'>,
): Promise<URL> {
  let response = await browser.fetch(url);
  let pageUrl = url;
  for (let step = 0; step < 5; step++) {
    if (response.status === 302) return new URL(response.headers.get('location')!);
    assert.equal(response.status, 200, `unexpected status ${response.status}`);
    const html = await response.text();
    if (html.includes('id="Login"')) {
      response = await browser.submit(pageUrl, html, {
        oauth_action: 'login',
        username: user.username,
        pw: user.password,
      });
    } else if (html.includes('id="oaapprove"')) {
      response = await browser.submit(pageUrl, html, { oauth_action: 'approve' });
    } else {
      assert.fail(`unexpected page: ${html.slice(0, 300)}`);
    }
    pageUrl = response.url || pageUrl;
  }
  assert.fail('too many steps');
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export type TokenBody = Record<string, string>;

export async function exchangeCode(
  hostUrl: string,
  app: ConnectedApp,
  code: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postForm(`${hostUrl}/services/oauth2/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
    redirect_uri: CALLBACK,
    ...extra,
  });
}

/** Runs the whole web-server flow in a fresh browser and returns the token response body. */
export async function webFlowTokens(
  hostUrl: string,
  app: ConnectedApp,
  user: Pick<CreatedUser, 'username' | 'password'>,
  scope = 'api refresh_token id',
): Promise<TokenBody> {
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(hostUrl, app, { scope }),
    user,
  );
  const code = redirect.searchParams.get('code');
  assert.ok(code, `no code in ${redirect.toString()}`);
  const response = await exchangeCode(hostUrl, app, code);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as TokenBody;
}

export async function refresh(
  hostUrl: string,
  app: ConnectedApp,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  return postForm(`${hostUrl}/services/oauth2/token`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: app.consumerKey,
    client_secret: app.consumerSecret,
    ...extra,
  });
}

export async function assertOAuthError(
  response: Response,
  error: string,
  description?: string,
): Promise<void> {
  const body = (await response.json()) as Record<string, string>;
  assert.equal(response.status, 400, JSON.stringify(body));
  assert.equal(body.error, error, JSON.stringify(body));
  if (description !== undefined) assert.equal(body.error_description, description);
}

/** Calls the identity URL with a token; returns the status. */
export async function identityStatus(id: string, token: string): Promise<number> {
  const response = await fetch(id, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}
