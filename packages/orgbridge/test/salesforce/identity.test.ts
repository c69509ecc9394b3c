import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, expirePassword } from '@orgbridge/salesforce-emulator';
import { fetchIdentity, isSessionExpired, salesforceOutcome } from '../../src/salesforce/index.ts';
import { authorize, failure, remember, seedOrg, useEmulator } from './support.ts';

const running = await useEmulator();

test('identity: org, user, username, profile, user type and not a sandbox', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  const identity = await fetchIdentity({
    identityUrl: tokens.identityUrl,
    accessToken: tokens.accessToken,
    instanceUrl: tokens.instanceUrl,
    allowInsecureLoopback: true,
  });
  assert.equal(identity.orgId, seeded.org.id);
  assert.equal(identity.userId, seeded.admin.id);
  assert.equal(identity.username, seeded.admin.username);
  assert.equal(identity.displayName, 'Ada Admin');
  assert.equal(identity.email, seeded.admin.username);
  assert.equal(identity.userType, 'STANDARD');
  assert.equal(identity.active, true);
  assert.equal(identity.profileName, 'System Administrator');
  assert.equal(identity.isSandbox, false);
  assert.equal(identity.organizationType, 'Developer Edition');
  assert.equal(identity.urls.rest, `${seeded.myDomainUrl}/services/data/v{version}/`);
});

test('identity of a sandbox user says isSandbox', async () => {
  const seeded = seedOrg(running, { sandbox: true });
  const tokens = await authorize(seeded);
  const identity = await fetchIdentity({
    identityUrl: tokens.identityUrl,
    accessToken: tokens.accessToken,
    instanceUrl: tokens.instanceUrl,
    allowInsecureLoopback: true,
  });
  assert.equal(identity.isSandbox, true);
  assert.equal(identity.orgId, seeded.org.id);
});

test('identity without org details makes no REST call and works without the api scope', async () => {
  const seeded = seedOrg(running);
  const token = remember(createSession(running.emulator, seeded.org.id, seeded.admin.id, ['id']));
  const identity = await fetchIdentity({
    identityUrl: `${seeded.loginUrl}/id/${seeded.org.id}/${seeded.admin.id}`,
    accessToken: token,
    instanceUrl: seeded.myDomainUrl,
    includeOrgDetails: false,
    allowInsecureLoopback: true,
  });
  assert.equal(identity.profileName, null);
  assert.equal(identity.isSandbox, null);
  const withDetails = await failure(
    fetchIdentity({
      identityUrl: `${seeded.loginUrl}/id/${seeded.org.id}/${seeded.admin.id}`,
      accessToken: token,
      instanceUrl: seeded.myDomainUrl,
      allowInsecureLoopback: true,
    }),
  );
  assert.equal(withDetails.code, 'SALESFORCE_ACCESS_DENIED');
});

test('a bad token at the identity URL (403 Bad_OAuth_Token) is session_expired', async () => {
  const seeded = seedOrg(running);
  const error = await failure(
    fetchIdentity({
      identityUrl: `${seeded.loginUrl}/id/${seeded.org.id}/${seeded.admin.id}`,
      accessToken: remember('00D000000000000!AQnotAToken000000'),
      instanceUrl: seeded.myDomainUrl,
      allowInsecureLoopback: true,
    }),
  );
  assert.ok(isSessionExpired(error));
  assert.deepEqual(salesforceOutcome(error), { kind: 'session_expired' });
  assert.equal(error.details.salesforceError, 'Bad_OAuth_Token');
  assert.equal(error.details.status, 403);
});

test('an expired password: the REST part of identity is needs_reauth/password_expired', async () => {
  const seeded = seedOrg(running);
  const tokens = await authorize(seeded);
  expirePassword(running.emulator, seeded.org.id, seeded.admin.id);
  const error = await failure(
    fetchIdentity({
      identityUrl: tokens.identityUrl,
      accessToken: tokens.accessToken,
      instanceUrl: tokens.instanceUrl,
      allowInsecureLoopback: true,
    }),
  );
  assert.equal(error.code, 'REAUTH_REQUIRED');
  assert.deepEqual(salesforceOutcome(error), { kind: 'needs_reauth', reason: 'password_expired' });
});

test('an http identity URL is refused without the insecure switch', async () => {
  const seeded = seedOrg(running);
  const error = await failure(
    fetchIdentity({
      identityUrl: `${seeded.loginUrl}/id/${seeded.org.id}/${seeded.admin.id}`,
      accessToken: remember('00D000000000000!AQanotherToken00000'),
      instanceUrl: seeded.myDomainUrl,
    }),
  );
  assert.equal(error.code, 'VALIDATION_FAILED');
});
