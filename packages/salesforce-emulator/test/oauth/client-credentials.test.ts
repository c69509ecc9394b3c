import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectedApp } from '../../src/index.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import { assertOAuthError, identityStatus, postForm, type TokenBody } from './oauth-client.ts';

const running = await useEmulator();

function clientCredentials(hostUrl: string, app: ConnectedApp, secret = app.consumerSecret) {
  return postForm(`${hostUrl}/services/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: app.consumerKey,
    client_secret: secret,
  });
}

test('client_credentials at the My Domain acts as the run-as user', async () => {
  const { app, org, integration, instanceUrl } = seedBasicOrg(running);
  app.clientCredentialsUser[org.id] = integration.id;
  const response = await clientCredentials(instanceUrl, app);
  assert.equal(response.status, 200);
  const body = (await response.json()) as TokenBody;
  assert.deepEqual(Object.keys(body), [
    'access_token',
    'signature',
    'scope',
    'id_token',
    'instance_url',
    'id',
    'token_type',
    'issued_at',
    'api_instance_url',
  ]);
  assert.equal(body.api_instance_url, 'https://api.salesforce.com');
  assert.equal(body.refresh_token, undefined);
  assert.equal(body.id, `${running.loginUrl}/id/${org.id}/${integration.id}`);
  assert.equal(await identityStatus(body.id, body.access_token!), 200);
});

test('client_credentials takes HTTP Basic client authentication', async () => {
  const { app, org, integration, instanceUrl } = seedBasicOrg(running);
  app.clientCredentialsUser[org.id] = integration.id;
  const basic = Buffer.from(`${app.consumerKey}:${app.consumerSecret}`).toString('base64');
  const response = await postForm(
    `${instanceUrl}/services/oauth2/token`,
    { grant_type: 'client_credentials' },
    { authorization: `Basic ${basic}` },
  );
  assert.equal(response.status, 200);
});

test('client_credentials at login.salesforce.com is not supported on this domain', async () => {
  const { app, org, integration } = seedBasicOrg(running);
  app.clientCredentialsUser[org.id] = integration.id;
  await assertOAuthError(
    await clientCredentials(running.loginUrl, app),
    'invalid_grant',
    'request not supported on this domain',
  );
  await assertOAuthError(
    await clientCredentials(running.sandboxLoginUrl, app),
    'invalid_grant',
    'request not supported on this domain',
  );
});

test('client_credentials without a run-as user fails', async () => {
  const { app, instanceUrl } = seedBasicOrg(running);
  await assertOAuthError(
    await clientCredentials(instanceUrl, app),
    'invalid_grant',
    'no client credentials user enabled',
  );
});

test('client_credentials with a wrong secret fails with invalid_client', async () => {
  const { app, org, integration, instanceUrl } = seedBasicOrg(running);
  app.clientCredentialsUser[org.id] = integration.id;
  await assertOAuthError(
    await clientCredentials(instanceUrl, app, 'wrong'),
    'invalid_client',
    'invalid client credentials',
  );
});

test('client_credentials with an inactive run-as user fails with inactive user', async () => {
  const { app, org, integration, instanceUrl } = seedBasicOrg(running);
  app.clientCredentialsUser[org.id] = integration.id;
  org.tables.get('User')!.rows.get(integration.id)!.IsActive = false;
  await assertOAuthError(
    await clientCredentials(instanceUrl, app),
    'invalid_grant',
    'inactive user',
  );
});
