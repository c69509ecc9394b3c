/**
 * The field's main client library, unchanged, against the emulator: if jsforce works here the way
 * it works against a real org, the emulator's wire format is right where clients look.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection, OAuth2 } from '@jsforce/jsforce-node';
import { insertRecord } from '../../src/data/record-operations.ts';
import { ScriptedBrowser } from '../helpers/browser.ts';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';

const running = await useEmulator();
const { emulator } = running;
const callback = 'http://127.0.0.1:9999/oauth/callback';
const seeded = seedBasicOrg(running, { name: 'jsforce Conformance' });
const { org, admin, app } = seeded;
const ACCOUNTS = 4500;
for (let i = 0; i < ACCOUNTS; i++) {
  insertRecord(
    emulator.data,
    org,
    'Account',
    { Name: `Conformance ${String(i).padStart(5, '0')}` },
    { actorId: admin.id },
  );
}

function oauthConnection(version = '60.0') {
  return new Connection({
    oauth2: {
      loginUrl: running.loginUrl,
      clientId: app.consumerKey,
      clientSecret: app.consumerSecret,
      redirectUri: callback,
    },
    version,
  });
}

test('SOAP login() then REST calls on the instance it points at', async () => {
  const conn = new Connection({ loginUrl: running.loginUrl, version: '60.0' });
  const info = await conn.login(admin.username, admin.password + admin.securityToken);
  assert.equal(info.organizationId, org.id);
  assert.equal(info.id, admin.id);
  const result = await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 5');
  assert.equal(result.records.length, 5);
});

test('SOAP login() with a wrong password fails with INVALID_LOGIN', async () => {
  const conn = new Connection({ loginUrl: running.loginUrl });
  await assert.rejects(conn.login(admin.username, 'wrong'), /INVALID_LOGIN/);
});

test('OAuth username-password login with client id and secret', async () => {
  const conn = oauthConnection();
  const info = await conn.login(admin.username, admin.password + admin.securityToken);
  assert.equal(info.organizationId, org.id);
  assert.equal(conn.instanceUrl, emulator.instanceUrl(org));
  const identity = await conn.identity();
  assert.equal(identity.username, admin.username);
});

test('authorization code with PKCE through the login and Allow pages, then refresh after the session expires', async () => {
  const oauth2 = new OAuth2({
    loginUrl: running.loginUrl,
    clientId: app.consumerKey,
    clientSecret: app.consumerSecret,
    redirectUri: callback,
    useVerifier: true,
  });
  const authorizeUrl = oauth2.getAuthorizationUrl({ scope: 'api refresh_token id', state: 'xyz' });
  assert.match(authorizeUrl, /code_challenge=/);
  const redirect = await new ScriptedBrowser().authorize(
    authorizeUrl,
    admin.username,
    admin.password,
  );
  assert.equal(redirect.searchParams.get('state'), 'xyz');
  const code = redirect.searchParams.get('code');
  assert.ok(code, `expected a code in ${redirect.toString()}`);

  const conn = new Connection({ oauth2, version: '60.0' });
  const info = await conn.authorize(code);
  assert.equal(info.organizationId, org.id);
  assert.ok(conn.refreshToken?.startsWith('5Aep861'));
  const firstToken = conn.accessToken;

  const refreshed: string[] = [];
  conn.on('refresh', (token: string) => refreshed.push(token));
  emulator.clock.advance(org.settings.sessionTimeoutMs + 60_000);
  const count = await conn.query('SELECT COUNT() FROM Account');
  assert.equal(count.totalSize, ACCOUNTS);
  assert.equal(refreshed.length, 1, 'exactly one refresh');
  assert.notEqual(conn.accessToken, firstToken);
});

test('query with autoFetch reads every page through nextRecordsUrl', async () => {
  const conn = oauthConnection();
  await conn.login(admin.username, admin.password + admin.securityToken);
  const records: Array<{ Id: string; Name: string }> = [];
  await new Promise<void>((resolve, reject) => {
    conn
      .query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account ORDER BY Name')
      .on('record', (r: { Id: string; Name: string }) => records.push(r))
      .on('end', () => resolve())
      .on('error', reject)
      .run({ autoFetch: true, maxFetch: 100_000 });
  });
  assert.equal(records.length, ACCOUNTS);
  assert.equal(new Set(records.map((r) => r.Id)).size, ACCOUNTS);
  assert.equal(records[0]!.Name, 'Conformance 00000');
  assert.equal(records.at(-1)!.Name, `Conformance ${String(ACCOUNTS - 1).padStart(5, '0')}`);
});

test('describeGlobal and describe', async () => {
  const conn = oauthConnection();
  await conn.login(admin.username, admin.password + admin.securityToken);
  const global = await conn.describeGlobal();
  assert.ok(global.sobjects.some((s) => s.name === 'Account'));
  const account = await conn.describe('Account');
  assert.equal(account.name, 'Account');
  const name = account.fields.find((f) => f.name === 'Name');
  assert.equal(name?.type, 'string');
  assert.equal(name?.nillable, false);
});

test('CRUD on a single record', async () => {
  const conn = oauthConnection();
  await conn.login(admin.username, admin.password + admin.securityToken);
  const created = await conn.sobject('Contact').create({ LastName: 'Lovelace', FirstName: 'Ada' });
  assert.equal(created.success, true);
  const id = created.success ? created.id : '';
  const read = await conn.sobject('Contact').retrieve(id);
  assert.equal(read.Name, 'Ada Lovelace');
  const updated = await conn.sobject('Contact').update({ Id: id, Title: 'Countess' });
  assert.equal(updated.success, true);
  const again = await conn.sobject('Contact').retrieve(id);
  assert.equal(again.Title, 'Countess');
  const destroyed = await conn.sobject('Contact').destroy(id);
  assert.equal(destroyed.success, true);
  await assert.rejects(
    conn.sobject('Contact').retrieve(id),
    (error: Error & { errorCode?: string }) => {
      assert.equal(error.errorCode, 'NOT_FOUND');
      return true;
    },
  );
});

test('sObject Collections: create, update and delete many with per-record results', async () => {
  const conn = oauthConnection();
  await conn.login(admin.username, admin.password + admin.securityToken);
  const results = await conn
    .sobject('Lead')
    .create([
      { LastName: 'One', Company: 'A' },
      { LastName: 'Two', Company: 'B' },
      { LastName: 'Three' },
    ]);
  assert.equal(results.length, 3);
  assert.equal(results[0]!.success, true);
  assert.equal(results[1]!.success, true);
  assert.equal(results[2]!.success, false);
  // Collections report `statusCode` (not `errorCode`) per row; jsforce passes the rows through as sent.
  const failed = results[2] as unknown as {
    success: boolean;
    errors: Array<{ statusCode: string }>;
  };
  assert.equal(failed.errors[0]!.statusCode, 'REQUIRED_FIELD_MISSING');
  const ids = results.flatMap((r) => (r.success ? [r.id] : []));
  const updates = await conn.sobject('Lead').update(ids.map((Id) => ({ Id, Title: 'Updated' })));
  assert.ok(updates.every((r) => r.success));
  const deleted = await conn.sobject('Lead').destroy(ids);
  assert.ok(deleted.every((r) => r.success));
});

test('a Bulk API 2.0 query read to the end', async () => {
  const conn = oauthConnection();
  await conn.login(admin.username, admin.password + admin.securityToken);
  const records = await conn.bulk2.query('SELECT Id, Name FROM Account');
  const all: Array<Record<string, unknown>> = [];
  for await (const record of records) all.push(record as Record<string, unknown>);
  assert.equal(all.length, ACCOUNTS);
  assert.equal(new Set(all.map((r) => r.Id)).size, ACCOUNTS);
});
