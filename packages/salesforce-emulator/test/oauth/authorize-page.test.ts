import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBasicOrg, useEmulator } from '../helpers/emulator.ts';
import {
  authorizeInBrowser,
  authorizeUrl,
  Browser,
  CALLBACK,
  redirectTarget,
} from './oauth-client.ts';

const running = await useEmulator();
const { emulator } = running;

async function openLoginPage(browser: Browser, url: string): Promise<string> {
  const response = await browser.fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  return response.text();
}

test('the login page has the username, password and Login fields', async () => {
  const { app } = seedBasicOrg(running);
  const html = await openLoginPage(new Browser(), authorizeUrl(running.loginUrl, app));
  assert.match(html, /<label for="username">/);
  assert.match(html, /<input type="text" id="username" name="username"/);
  assert.match(html, /<input type="password" id="password" name="pw"/);
  assert.match(html, /<button type="submit" id="Login"/);
});

test('login_hint pre-fills the username', async () => {
  const { app } = seedBasicOrg(running);
  const html = await openLoginPage(
    new Browser(),
    authorizeUrl(running.loginUrl, app, { loginHint: 'someone@example.com' }),
  );
  assert.match(html, /id="username" name="username" value="someone@example.com"/);
});

test('login then Allow redirects to the callback with an aPrx code and the state', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app, { state: 'st@te/1', scope: 'api id' });
  const html = await openLoginPage(browser, url);
  const consent = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  assert.equal(consent.status, 200);
  const consentHtml = await consent.text();
  assert.match(consentHtml, /Test App/);
  assert.match(consentHtml, /Manage user data via APIs \(api\)/);
  assert.match(consentHtml, /id="oaapprove"[^>]*>Allow</);
  assert.match(consentHtml, /id="oadeny"[^>]*>Deny</);
  const done = await browser.submit(url, consentHtml, { oauth_action: 'approve' });
  assert.equal(done.status, 302);
  const location = done.headers.get('location')!;
  assert.ok(location.startsWith(`${CALLBACK}?code=aPrx`), location);
  assert.match(location, /code=aPrx[A-Za-z0-9]+%3D%3D&state=st%40te%2F1$/);
  assert.equal(new URL(location).searchParams.get('state'), 'st@te/1');
});

test('the login cookie is HttpOnly and scoped to the host path', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const consent = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  const cookie = consent.headers.getSetCookie().find((c) => c.startsWith('sid='));
  assert.match(
    cookie ?? '',
    /^sid=[A-Za-z0-9]+; Path=\/login\.salesforce\.com; HttpOnly; SameSite=Lax$/,
  );
  const again = await browser.fetch(url);
  assert.match(await again.text(), /id="oaapprove"/, 'the logged-in browser skips the login page');
});

test('a wrong password shows the login page again with the failure text', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const failed = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: 'wrong',
  });
  assert.equal(failed.status, 200);
  const text = await failed.text();
  assert.ok(
    text.includes(
      'Please check your username and password. If you still can&#39;t log in, contact your Salesforce administrator.',
    ),
  );
  assert.match(text, /id="Login"/);
  assert.equal(browser.cookies.length, 0);
});

test('a logged-in user goes straight to consent', async () => {
  const { app, admin } = seedBasicOrg(running);
  const other = emulator.createApp({ name: 'Second App', callbackUrls: [CALLBACK] });
  const browser = new Browser();
  await authorizeInBrowser(browser, authorizeUrl(running.loginUrl, app), admin);
  const response = await browser.fetch(authorizeUrl(running.loginUrl, other));
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(html, /Second App/);
  assert.match(html, /id="oaapprove"/);
});

test('a user with a live approval is redirected without consent', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  await authorizeInBrowser(browser, authorizeUrl(running.loginUrl, app), admin);
  // The approval is recorded when the code is exchanged.
  const first = await authorizeInBrowser(new Browser(), authorizeUrl(running.loginUrl, app), admin);
  const token = await fetch(`${running.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: first.searchParams.get('code')!,
      client_id: app.consumerKey,
      client_secret: app.consumerSecret,
      redirect_uri: CALLBACK,
    }),
  });
  assert.equal(token.status, 200);
  const again = await browser.fetch(authorizeUrl(running.loginUrl, app, { state: 's' }));
  const target = redirectTarget(again);
  assert.ok(target.searchParams.get('code')?.startsWith('aPrx'));
  assert.equal(target.searchParams.get('state'), 's');
});

test('prompt=consent shows consent even with a live approval', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const first = await authorizeInBrowser(browser, authorizeUrl(running.loginUrl, app), admin);
  const exchange = await fetch(`${running.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: first.searchParams.get('code')!,
      client_id: app.consumerKey,
      client_secret: app.consumerSecret,
      redirect_uri: CALLBACK,
    }),
  });
  assert.equal(exchange.status, 200);
  const response = await browser.fetch(authorizeUrl(running.loginUrl, app, { prompt: 'consent' }));
  assert.equal(response.status, 200);
  assert.match(await response.text(), /id="oaapprove"/);
});

test('prompt=login shows the login page to a logged-in user', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  await authorizeInBrowser(browser, authorizeUrl(running.loginUrl, app), admin);
  const response = await browser.fetch(authorizeUrl(running.loginUrl, app, { prompt: 'login' }));
  assert.equal(response.status, 200);
  assert.match(await response.text(), /id="Login"/);
});

test('prompt=login then logging in continues to the code', async () => {
  const { app, admin } = seedBasicOrg(running);
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(running.loginUrl, app, { prompt: 'login consent' }),
    admin,
  );
  assert.ok(redirect.searchParams.get('code'));
});

test('Deny redirects with access_denied and the state', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app, { state: 'abc' });
  const html = await openLoginPage(browser, url);
  const consent = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  const denied = await browser.submit(url, await consent.text(), { oauth_action: 'deny' });
  assert.equal(denied.status, 302);
  assert.equal(
    denied.headers.get('location'),
    `${CALLBACK}?error=access_denied&error_description=end-user+denied+authorization&state=abc`,
  );
});

test('a redirect_uri mismatch is shown on the page, not redirected', async () => {
  const { app } = seedBasicOrg(running);
  const response = await fetch(
    authorizeUrl(running.loginUrl, app, { redirectUri: 'https://evil.example/cb' }),
    { redirect: 'manual' },
  );
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('location'), null);
  assert.ok(
    (await response.text()).includes(
      'error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration',
    ),
  );
});

test('an unknown client_id gets an error page', async () => {
  const response = await fetch(
    `${running.loginUrl}/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    { redirect: 'manual' },
  );
  assert.equal(response.status, 400);
  assert.ok(
    (await response.text()).includes(
      'error=invalid_client_id&error_description=client%20identifier%20invalid',
    ),
  );
});

test('response_type other than code is redirected as unsupported_response_type', async () => {
  const { app } = seedBasicOrg(running);
  const response = await fetch(
    authorizeUrl(running.loginUrl, app, { responseType: 'token', state: 'x' }),
    {
      redirect: 'manual',
    },
  );
  const target = redirectTarget(response);
  assert.equal(target.searchParams.get('error'), 'unsupported_response_type');
  assert.equal(target.searchParams.get('state'), 'x');
});

test('a scope the app does not allow is redirected as invalid_scope', async () => {
  const { app } = seedBasicOrg(running);
  const response = await fetch(authorizeUrl(running.loginUrl, app, { scope: 'api wave_api' }), {
    redirect: 'manual',
  });
  assert.equal(redirectTarget(response).searchParams.get('error'), 'invalid_scope');
});

test('a sandbox user cannot log in at login.salesforce.com but can at test.salesforce.com', async () => {
  const { app, admin } = seedBasicOrg(running, { sandbox: true, name: 'Sandboxed' });
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const failed = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  assert.match(await failed.text(), /Please check your username and password/);
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(running.sandboxLoginUrl, app),
    admin,
  );
  assert.ok(redirect.searchParams.get('code'));
});

test('a production user cannot log in at test.salesforce.com', async () => {
  const { app, admin } = seedBasicOrg(running);
  const browser = new Browser();
  const url = authorizeUrl(running.sandboxLoginUrl, app);
  const html = await openLoginPage(browser, url);
  const failed = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  assert.match(await failed.text(), /Please check your username and password/);
});

test("users log in at their own My Domain but not at another org's", async () => {
  const { app, admin, instanceUrl } = seedBasicOrg(running);
  const other = seedBasicOrg(running, { name: 'Other Org' });
  const redirect = await authorizeInBrowser(new Browser(), authorizeUrl(instanceUrl, app), admin);
  assert.ok(redirect.searchParams.get('code'));
  const browser = new Browser();
  const url = authorizeUrl(other.instanceUrl, app);
  const html = await openLoginPage(browser, url);
  const failed = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  assert.match(await failed.text(), /Please check your username and password/);
});

test('a login at one host does not log the browser in at another', async () => {
  const { app, admin, instanceUrl } = seedBasicOrg(running);
  const browser = new Browser();
  await authorizeInBrowser(browser, authorizeUrl(running.loginUrl, app), admin);
  const elsewhere = await browser.fetch(authorizeUrl(instanceUrl, app));
  assert.match(await elsewhere.text(), /id="Login"/);
});

test('an inactive user cannot log in', async () => {
  const { app, org } = seedBasicOrg(running);
  const inactive = emulator.createUser(org.id, {
    username: `gone-${Date.now()}@inactive.example`,
    active: false,
  });
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const failed = await browser.submit(url, html, {
    oauth_action: 'login',
    username: inactive.username,
    pw: inactive.password,
  });
  assert.match(await failed.text(), /Please check your username and password/);
});

test('an expired password leads to the change-password form, which resets the security token', async () => {
  const { app, org, standard } = seedBasicOrg(running);
  org.secrets.get(standard.id)!.expired = true;
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const change = await browser.submit(url, html, {
    oauth_action: 'login',
    username: standard.username,
    pw: standard.password,
  });
  const changeHtml = await change.text();
  assert.match(changeHtml, /Change Your Password/);
  const tooShort = await browser.submit(url, changeHtml, {
    oauth_action: 'change_password',
    newpassword: 'short1',
    confirmpassword: 'short1',
  });
  assert.match(await tooShort.text(), /at least 8 characters/);
  const consent = await browser.submit(url, changeHtml, {
    oauth_action: 'change_password',
    newpassword: 'NewPassw0rd!',
    confirmpassword: 'NewPassw0rd!',
  });
  assert.match(await consent.text(), /id="oaapprove"/);
  const secret = org.secrets.get(standard.id)!;
  assert.equal(secret.password, 'NewPassw0rd!');
  assert.equal(secret.expired, false);
  assert.notEqual(secret.securityToken, standard.securityToken);
});

test('an admin-approved app skips consent for a pre-authorized user', async () => {
  const { org, admin } = seedBasicOrg(running);
  const app = emulator.createApp({
    name: 'Admin Approved',
    callbackUrls: [CALLBACK],
    adminApprovedOnly: true,
  });
  app.preAuthorizedUsers[org.id] = [admin.username];
  const browser = new Browser();
  const url = authorizeUrl(running.loginUrl, app);
  const html = await openLoginPage(browser, url);
  const response = await browser.submit(url, html, {
    oauth_action: 'login',
    username: admin.username,
    pw: admin.password,
  });
  assert.ok(redirectTarget(response).searchParams.get('code'));
});

test('an admin-approved app refuses a user who is not pre-authorized', async () => {
  const { standard } = seedBasicOrg(running);
  const app = emulator.createApp({
    name: 'Admin Approved',
    callbackUrls: [CALLBACK],
    adminApprovedOnly: true,
  });
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(running.loginUrl, app, { state: 'q' }),
    standard,
  );
  assert.equal(
    redirect.toString(),
    `${CALLBACK}?error=invalid_app_access&error_description=user+is+not+admin+approved+to+access+this+app&state=q`,
  );
});

test('login hours closed redirects with IP restricted or invalid login hours', async () => {
  const { app, org, admin } = seedBasicOrg(running);
  org.settings.loginHoursOpen = false;
  const redirect = await authorizeInBrowser(
    new Browser(),
    authorizeUrl(running.loginUrl, app),
    admin,
  );
  assert.equal(redirect.searchParams.get('error'), 'invalid_grant');
  assert.equal(
    redirect.searchParams.get('error_description'),
    'IP restricted or invalid login hours',
  );
});
