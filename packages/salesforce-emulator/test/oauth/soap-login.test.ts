import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from '@jsforce/jsforce-node';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';

const running = await useEmulator();
const { emulator } = running;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The envelope jsforce sends. */
function loginEnvelope(username: string, password: string): string {
  return [
    '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/">',
    '<se:Header/>',
    '<se:Body>',
    '<login xmlns="urn:partner.soap.sforce.com">',
    `<username>${escapeXml(username)}</username>`,
    `<password>${escapeXml(password)}</password>`,
    '</login>',
    '</se:Body>',
    '</se:Envelope>',
  ].join('');
}

function soapPost(hostUrl: string, body: string, version = '60.0', contentType = 'text/xml') {
  return fetch(`${hostUrl}/services/Soap/u/${version}`, {
    method: 'POST',
    headers: { 'content-type': contentType, soapaction: '""' },
    body,
  });
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

test('login() answers a loginResponse with the session, server URL and user info', async () => {
  const { org, admin } = seedBasicOrg(running);
  const response = await soapPost(
    running.loginUrl,
    loginEnvelope(admin.username, admin.password + admin.securityToken),
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
  const xml = await response.text();
  assert.match(xml, /<loginResponse><result><metadataServerUrl>/);
  const instance = emulator.instanceUrl(org);
  const org15 = org.id.slice(0, 15);
  assert.equal(tag(xml, 'serverUrl'), `${instance}/services/Soap/u/60.0/${org15}`);
  assert.equal(tag(xml, 'metadataServerUrl'), `${instance}/services/Soap/m/60.0/${org15}`);
  assert.equal(tag(xml, 'passwordExpired'), 'false');
  assert.equal(tag(xml, 'sandbox'), 'false');
  assert.equal(tag(xml, 'userId'), admin.id);
  assert.equal(tag(xml, 'organizationId'), org.id);
  assert.equal(tag(xml, 'userName'), admin.username);
  assert.equal(tag(xml, 'userFullName'), 'Ada Admin');
  assert.equal(tag(xml, 'sessionSecondsValid'), '7200');
  const sessionId = tag(xml, 'sessionId')!;
  assert.ok(sessionId.startsWith(`${org15}!AQ`));
  const session = emulator.sessions.get(sessionId)!;
  assert.equal(session.kind, 'soap');
  assert.equal(session.appId, null);
  assert.deepEqual(session.scopes, ['api', 'web', 'full']);
});

test('a wrong password is a 500 INVALID_LOGIN fault', async () => {
  const { admin } = seedBasicOrg(running);
  const response = await soapPost(running.loginUrl, loginEnvelope(admin.username, 'wrong'));
  assert.equal(response.status, 500);
  const xml = await response.text();
  assert.ok(xml.includes('<faultcode>sf:INVALID_LOGIN</faultcode>'));
  assert.ok(
    xml.includes(
      '<faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>',
    ),
  );
});

test('the password without the security token fails outside trusted ranges', async () => {
  const { admin } = seedBasicOrg(running);
  const response = await soapPost(running.loginUrl, loginEnvelope(admin.username, admin.password));
  assert.equal(response.status, 500);
  assert.match(await response.text(), /INVALID_LOGIN/);
});

test('the password alone works from a trusted IP range', async () => {
  const { admin, org } = seedBasicOrg(running);
  org.settings.trustedIpRanges = [{ start: '127.0.0.1', end: '127.0.0.1' }];
  const response = await soapPost(running.loginUrl, loginEnvelope(admin.username, admin.password));
  assert.equal(response.status, 200);
});

test('the OAuth username-password block does not apply to SOAP login', async () => {
  const { admin, org } = seedBasicOrg(running);
  org.settings.usernamePasswordFlowBlocked = true;
  const response = await soapPost(
    running.loginUrl,
    loginEnvelope(admin.username, admin.password + admin.securityToken),
  );
  assert.equal(response.status, 200);
});

test('an expired password still logs in, with passwordExpired true', async () => {
  const { standard, org } = seedBasicOrg(running);
  org.secrets.get(standard.id)!.expired = true;
  const response = await soapPost(
    running.loginUrl,
    loginEnvelope(standard.username, standard.password + standard.securityToken),
  );
  assert.equal(response.status, 200);
  assert.equal(tag(await response.text(), 'passwordExpired'), 'true');
});

test('a sandbox user logs in at test.salesforce.com, not at login.salesforce.com', async () => {
  const { admin } = seedBasicOrg(running, { sandbox: true });
  const password = admin.password + admin.securityToken;
  assert.equal(
    (await soapPost(running.loginUrl, loginEnvelope(admin.username, password))).status,
    500,
  );
  const ok = await soapPost(running.sandboxLoginUrl, loginEnvelope(admin.username, password));
  assert.equal(ok.status, 200);
  assert.equal(tag(await ok.text(), 'sandbox'), 'true');
});

test('login at the My Domain works', async () => {
  const { admin, instanceUrl } = seedBasicOrg(running);
  const response = await soapPost(
    instanceUrl,
    loginEnvelope(admin.username, admin.password + admin.securityToken),
  );
  assert.equal(response.status, 200);
});

test('an inactive user gets INVALID_LOGIN', async () => {
  const { org } = seedBasicOrg(running);
  const user = emulator.createUser(org.id, {
    username: `off-${Date.now()}@soap.example`,
    active: false,
  });
  const response = await soapPost(
    running.loginUrl,
    loginEnvelope(user.username, user.password + user.securityToken),
  );
  assert.equal(response.status, 500);
  assert.match(await response.text(), /INVALID_LOGIN/);
});

test('other envelope prefixes and pretty-printed XML work too', async () => {
  const { admin } = seedBasicOrg(running);
  const body = `<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
  <soapenv:Body>
    <urn:login>
      <urn:username>${escapeXml(admin.username)}</urn:username>
      <urn:password>${escapeXml(admin.password + admin.securityToken)}</urn:password>
    </urn:login>
  </soapenv:Body>
</soapenv:Envelope>`;
  const response = await soapPost(running.loginUrl, body, '60.0', 'text/xml; charset=utf-8');
  assert.equal(response.status, 200);
});

test('a password with XML special characters round-trips', async () => {
  const { org } = seedBasicOrg(running);
  const user = emulator.createUser(org.id, {
    username: `amp-${Date.now()}@soap.example`,
    password: '<a&b> "c" 123',
  });
  const response = await soapPost(
    running.loginUrl,
    loginEnvelope(user.username, user.password + user.securityToken),
  );
  assert.equal(response.status, 200);
});

test('malformed XML is a 500 SOAP fault, not a crash', async () => {
  for (const body of ['<not xml', '', 'plain text', '<a><b></a>', '<Envelope><Body/></Envelope>']) {
    const response = await soapPost(running.loginUrl, body);
    assert.equal(response.status, 500, body);
    assert.match(await response.text(), /<faultcode>soapenv:Client<\/faultcode>/, body);
  }
});

test('an unknown operation is a client fault', async () => {
  const body =
    '<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Body><query xmlns="urn:partner.soap.sforce.com"/></se:Body></se:Envelope>';
  const response = await soapPost(running.loginUrl, body);
  assert.equal(response.status, 500);
  assert.match(
    await response.text(),
    /No operation available for request \{urn:partner.soap.sforce.com\}query/,
  );
});

test('a retired API version is UNSUPPORTED_API_VERSION', async () => {
  const { admin } = seedBasicOrg(running);
  const response = await soapPost(running.loginUrl, loginEnvelope(admin.username, 'x'), '20.0');
  assert.equal(response.status, 500);
  assert.match(await response.text(), /<faultcode>sf:UNSUPPORTED_API_VERSION<\/faultcode>/);
});

test('jsforce logs in over SOAP and logs out', async () => {
  const { org, admin } = seedBasicOrg(running);
  const conn = new Connection({ loginUrl: running.loginUrl, version: '60.0' });
  const info = await conn.login(admin.username, admin.password + admin.securityToken);
  assert.equal(info.organizationId, org.id);
  assert.equal(info.id, admin.id);
  assert.equal(conn.instanceUrl, running.baseUrl);
  const token = conn.accessToken!;
  const identity = await fetch(
    `${running.loginUrl}/id/${org.id}/${admin.id}?oauth_token=${encodeURIComponent(token)}`,
  );
  assert.equal(identity.status, 200);
  await conn.logout();
  assert.notEqual(emulator.sessions.get(token)?.revokedAt, null);
});

test('jsforce reports the INVALID_LOGIN fault string', async () => {
  const { admin } = seedBasicOrg(running);
  const conn = new Connection({ loginUrl: running.loginUrl });
  await assert.rejects(
    conn.login(admin.username, 'wrong'),
    /INVALID_LOGIN: Invalid username, password/,
  );
});
