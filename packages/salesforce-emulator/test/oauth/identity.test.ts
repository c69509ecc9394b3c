import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { webFlowTokens, type TokenBody } from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;

const IDENTITY_KEYS = [
  'id',
  'asserted_user',
  'user_id',
  'organization_id',
  'username',
  'nick_name',
  'display_name',
  'email',
  'email_verified',
  'first_name',
  'last_name',
  'timezone',
  'photos',
  'addr_street',
  'addr_city',
  'addr_state',
  'addr_country',
  'addr_zip',
  'mobile_phone',
  'mobile_phone_verified',
  'is_lightning_login_user',
  'status',
  'urls',
  'active',
  'user_type',
  'language',
  'locale',
  'utcOffset',
  'last_modified_date',
  'is_app_installed',
];

async function tokensFor() {
  const seeded = seedBasicOrg(running);
  const tokens = await webFlowTokens(running.loginUrl, seeded.app, seeded.admin, 'api id openid');
  return { ...seeded, tokens };
}

async function getIdentity(tokens: TokenBody, init: RequestInit = {}, query = '') {
  return fetch(`${tokens.id!}${query}`, {
    ...init,
    headers: { authorization: `Bearer ${tokens.access_token!}`, ...init.headers },
  });
}

test('the identity URL answers the real keys in order', async () => {
  const { tokens, org, admin } = await tokensFor();
  const response = await getIdentity(tokens);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json;charset=UTF-8');
  assert.equal(response.headers.get('sforce-limit-info'), null);
  const body = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), IDENTITY_KEYS);
  assert.equal(body.id, tokens.id);
  assert.equal(body.user_id, admin.id);
  assert.equal(body.organization_id, org.id);
  assert.equal(body.username, admin.username);
  assert.equal(body.display_name, 'Ada Admin');
  assert.equal(body.first_name, 'Ada');
  assert.equal(body.user_type, 'STANDARD');
  assert.equal(body.utcOffset, -28800000);
  assert.match(String(body.last_modified_date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const urls = body.urls as Record<string, string>;
  const instance = emulator.instanceUrl(org);
  assert.equal(urls.rest, `${instance}/services/data/v{version}/`);
  assert.equal(urls.partner, `${instance}/services/Soap/u/{version}/${org.id.slice(0, 15)}`);
  assert.equal(urls.custom_domain, instance);
  assert.deepEqual(Object.keys(urls), [
    'enterprise',
    'metadata',
    'partner',
    'rest',
    'sobjects',
    'search',
    'query',
    'recent',
    'tooling_soap',
    'tooling_rest',
    'profile',
    'feeds',
    'groups',
    'users',
    'feed_items',
    'feed_elements',
    'custom_domain',
  ]);
});

test('the identity URL takes oauth_token as a query parameter, as jsforce sends it', async () => {
  const { tokens, admin } = await tokensFor();
  const response = await fetch(
    `${tokens.id!}?format=json&oauth_token=${encodeURIComponent(tokens.access_token!)}`,
  );
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { user_id: string }).user_id, admin.id);
});

test('the identity URL takes oauth_token in a POST form', async () => {
  const { tokens } = await tokensFor();
  const response = await fetch(tokens.id!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ oauth_token: tokens.access_token! }).toString(),
  });
  assert.equal(response.status, 200);
});

test('format=xml answers XML', async () => {
  const { tokens, admin } = await tokensFor();
  const response = await getIdentity(tokens, {}, '?format=xml');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /xml/);
  const xml = await response.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?><user /);
  assert.ok(xml.includes(`<user_id>${admin.id}</user_id>`));
  assert.ok(xml.includes('<addr_street xsi:nil="true"/>'));
});

test('version= fills in the urls', async () => {
  const { tokens, org } = await tokensFor();
  const body = (await (await getIdentity(tokens, {}, '?version=58.0')).json()) as {
    urls: Record<string, string>;
  };
  assert.equal(body.urls.rest, `${emulator.instanceUrl(org)}/services/data/v58.0/`);
});

test('a bad token gets 403 Bad_OAuth_Token in plain text', async () => {
  const { tokens } = await tokensFor();
  const response = await fetch(tokens.id!, { headers: { authorization: 'Bearer nonsense' } });
  assert.equal(response.status, 403);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(await response.text(), 'Bad_OAuth_Token');
  const none = await fetch(tokens.id!);
  assert.equal(none.status, 403);
  assert.equal(await none.text(), 'Bad_OAuth_Token');
});

test("a deactivated user's token is dead", async () => {
  const { tokens, org, admin } = await tokensFor();
  org.tables.get('User')!.rows.get(admin.id)!.IsActive = false;
  const response = await getIdentity(tokens);
  assert.equal(response.status, 403);
  assert.equal(await response.text(), 'Bad_OAuth_Token');
});

test('a token idle past the session timeout gets 403', async () => {
  const { tokens, org } = await tokensFor();
  emulator.clock.advance(org.settings.sessionTimeoutMs + 1000);
  const response = await getIdentity(tokens);
  assert.equal(response.status, 403);
  assert.equal(await response.text(), 'Bad_OAuth_Token');
});

test("a sandbox token's identity URL is on test.salesforce.com", async () => {
  const seeded = seedBasicOrg(running, { sandbox: true });
  const tokens = await webFlowTokens(running.sandboxLoginUrl, seeded.app, seeded.admin);
  assert.ok(tokens.id!.startsWith(`${running.sandboxLoginUrl}/id/`));
  assert.equal((await getIdentity(tokens)).status, 200);
  const wrongHost = await fetch(tokens.id!.replace('test.salesforce.com', 'login.salesforce.com'), {
    headers: { authorization: `Bearer ${tokens.access_token!}` },
  });
  assert.equal(wrongHost.status, 403);
});

test('userinfo answers OpenID Connect claims', async () => {
  const { tokens, admin, org } = await tokensFor();
  const response = await fetch(`${running.loginUrl}/services/oauth2/userinfo`, {
    headers: { authorization: `Bearer ${tokens.access_token!}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), [
    'sub',
    'user_id',
    'organization_id',
    'preferred_username',
    'nickname',
    'name',
    'email',
    'email_verified',
    'given_name',
    'family_name',
    'zoneinfo',
    'photos',
    'profile',
    'picture',
    'address',
    'is_salesforce_integration_user',
    'urls',
    'active',
    'user_type',
    'language',
    'locale',
    'utcOffset',
    'updated_at',
    'is_app_installed',
  ]);
  assert.equal(body.sub, tokens.id);
  assert.equal(body.organization_id, org.id);
  assert.equal(body.preferred_username, admin.username);
  assert.equal(body.name, 'Ada Admin');
  assert.equal(body.is_salesforce_integration_user, false);
});

test('userinfo with a bad token gets 403', async () => {
  const response = await fetch(`${running.loginUrl}/services/oauth2/userinfo`, {
    headers: { authorization: 'Bearer nope' },
  });
  assert.equal(response.status, 403);
  assert.equal(await response.text(), 'Bad_OAuth_Token');
});

test('openid-configuration names the host it is served on as issuer', async () => {
  const { instanceUrl } = seedBasicOrg(running);
  for (const base of [running.loginUrl, running.sandboxLoginUrl, instanceUrl]) {
    const response = await fetch(`${base}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.issuer, base);
    assert.equal(body.token_endpoint, `${base}/services/oauth2/token`);
    assert.equal(body.jwks_uri, `${base}/id/keys`);
    assert.deepEqual(body.response_types_supported, ['code', 'token', 'token id_token']);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok((body.scopes_supported as string[]).includes('refresh_token'));
  }
});

test('every host publishes the same signing key at /id/keys', async () => {
  const { instanceUrl } = seedBasicOrg(running);
  const a = (await (await fetch(`${running.loginUrl}/id/keys`)).json()) as {
    keys: Array<{ kid: string }>;
  };
  const b = (await (await fetch(`${instanceUrl}/id/keys`)).json()) as {
    keys: Array<{ kid: string }>;
  };
  assert.equal(a.keys.length, 1);
  assert.equal(a.keys[0]!.kid, b.keys[0]!.kid);
  assert.equal((a.keys[0] as Record<string, unknown>).d, undefined, 'no private part');
});
