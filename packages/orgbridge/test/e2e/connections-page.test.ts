/**
 * The connections page end to end, in real Chromium (Debian's `chromium`, driven by
 * playwright-core through its executable path) against a real `orgbridge serve` and the
 * emulator: a customer admin opens a signed link, connects through Salesforce's login and Allow
 * pages and lands on the new connection, active and syncing; access is revoked in Salesforce
 * and the page shows `needs_reauth` with the reason; the admin re-authorizes in place and the
 * connection is active and syncing again. Also: a link for one connection, a narrow screen,
 * labels. Screenshots go to test-artifacts/ (git-ignored; CI keeps them).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  createConnectedApp,
  createOrg,
  createUser,
  revokeGrantsOfUser,
  seedRecords,
} from '@orgbridge/salesforce-emulator';
import { PAGE_DIR } from '../../src/http/page-assets.ts';
import { useSalesforce } from '../helpers/connections.ts';
import { freePort } from '../helpers/free-port.ts';
import { serve, stopServe, type ServeProcess } from '../helpers/serve-processes.ts';

const CHROMIUM = process.env.ORGBRIDGE_CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = new URL('../../../../test-artifacts/', import.meta.url).pathname;
const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
/** Generous: each step waits for a background probe or pull of a real process. */
const STEP_MS = 30_000;

const running = await useSalesforce();
const { emulator } = running;
const org = createOrg(emulator, { name: 'Acme E2E' });
const admin = createUser(emulator, org.id, {
  username: `admin.${Date.now()}@acme-e2e.example`,
  profile: 'System Administrator',
});
seedRecords(emulator, org.id, 'Contact', 120);
const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
const app = createConnectedApp(emulator, {
  name: 'orgbridge e2e',
  callbackUrls: [`${publicUrl}/oauth/callback`],
});
const dataDir = mkdtempSync(join(tmpdir(), 'orgbridge-e2e-'));
let server: ServeProcess;
let browser: Browser;

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set ORGBRIDGE_CHROMIUM_PATH`,
  );
  assert.ok(
    existsSync(join(PAGE_DIR, 'index.html')),
    'the connections page is not built: npm run build:web',
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  server = serve({
    ...process.env,
    PORT: String(port),
    ORGBRIDGE_DATABASE_URL: `sqlite:${join(dataDir, 'orgbridge.db')}`,
    ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    ORGBRIDGE_PUBLIC_URL: publicUrl,
    ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
    ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
    ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
    ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: running.sandboxLoginUrl,
    ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
    // Breakage found within seconds, and pulls every few seconds, so the page has news to show.
    ORGBRIDGE_PROBE_INTERVAL_MS: '3000',
    ORGBRIDGE_SYNC_INTERVAL_MS: '5000',
  });
  await server.ready;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server) await stopServe(server);
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${publicUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Through Salesforce: its login page (unless the browser is still logged in there), then Allow
 * (unless this user approved the app already: then Salesforce, like the emulator, sends the
 * browser straight back). Polls for whichever page is drawn, since on a loaded machine the
 * address changes well before the page is there.
 */
async function throughSalesforce(page: Page): Promise<void> {
  await page.waitForURL((url) => url.origin !== publicUrl, { timeout: STEP_MS });
  const deadline = Date.now() + STEP_MS;
  let loggedIn = false;
  while (!page.url().startsWith(publicUrl) && Date.now() < deadline) {
    // The Allow page shows the username too: only the login page has the field.
    if (!loggedIn && (await page.locator('input#username').isVisible())) {
      await page.fill('input#username', admin.username);
      await page.fill('input#password', admin.password);
      await page.click('#Login');
      loggedIn = true;
    } else if (await page.locator('#oaapprove').isVisible()) {
      await page.click('#oaapprove');
      break;
    } else await page.waitForTimeout(100);
  }
  await page.waitForURL((url) => url.origin === publicUrl, { timeout: STEP_MS });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `connections-page-${name}.png`), fullPage: true });

/**
 * Every form control has a name a screen reader announces. (Run in the page; a string, because
 * this file is type-checked for Node, without the DOM's types.)
 */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
      .filter((el) => {
        const labelled =
          (el.labels?.length ?? 0) > 0 ||
          el.getAttribute('aria-label') ||
          el.getAttribute('aria-labelledby');
        const text = el.tagName === 'BUTTON' && (el.textContent ?? '').trim() !== '';
        return !labelled && !text;
      })
      .map((el) => el.outerHTML.slice(0, 120))
  `);
}

test('connect, see it break in Salesforce, re-authorize in place: all from the page', async () => {
  const workspace = await api('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Acme' });
  const key = workspace.apiKey as string;
  const link = (await api('POST', '/api/v1/page-links', key, {})).url as string;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // The page's own errors; Salesforce's pages (the emulator's) are not under test here.
  page.on('console', (message) => {
    if (message.type() === 'error' && page.url().startsWith(publicUrl))
      problems.push(message.text());
  });
  try {
    // Signed in by the link; the token leaves the address bar at once.
    await page.goto(link);
    await page.getByRole('button', { name: 'New connection' }).click({ timeout: STEP_MS });
    assert.ok(!page.url().includes('link='), 'the link token is removed from the URL');
    assert.deepEqual(await unlabelledControls(page), []);

    // New connection: a nickname, Production, off to Salesforce and back.
    await page.getByLabel('Nickname').fill('Acme production');
    await page.getByLabel('Production').check();
    await shot(page, '1-new-connection');
    await page.getByRole('button', { name: 'Connect to Salesforce' }).click();
    await throughSalesforce(page);
    await page
      .getByRole('status')
      .filter({ hasText: 'Connected to Salesforce' })
      .waitFor({ timeout: STEP_MS });
    await page.locator('[data-status="active"]').first().waitFor({ timeout: STEP_MS });
    const connections = (await api('GET', '/api/v1/connections', key)).connections as Array<{
      id: string;
      status: string;
    }>;
    assert.equal(connections.length, 1);
    const id = connections[0]!.id;
    assert.equal(connections[0]!.status, 'active');
    assert.match(page.url(), new RegExp(`connection=${id}|/$`));
    assert.ok(await page.getByText(admin.username).first().isVisible());

    // Sync Contacts; the page shows the count as the pull lands.
    await api('PUT', `/api/v1/connections/${id}/mappings`, key, {
      mappings: [{ object: 'Contact', fields: ['FirstName', 'LastName', 'Email'] }],
    });
    await page.getByText('Contact').first().waitFor({ timeout: STEP_MS });
    await page
      .getByText(/\b120\b/)
      .first()
      .waitFor({ timeout: STEP_MS });
    await shot(page, '2-active-syncing');

    // Access revoked in Salesforce: the probe finds out, the page says why, in words.
    revokeGrantsOfUser(emulator, org.id, admin.id);
    await page.locator('[data-status="needs_reauth"]').first().waitFor({ timeout: STEP_MS });
    const reason = await page.locator('[data-status="needs_reauth"]').first().textContent();
    assert.ok(reason, 'the badge has text');
    assert.ok(
      await page
        .getByText(/revoked/i)
        .first()
        .isVisible(),
      'the reason is shown in plain words',
    );
    await shot(page, '3-needs-reauth');

    // Re-authorize in place: same connection, active, and its sync goes on.
    const before = (await api('GET', `/api/v1/connections/${id}/sync`, key)) as {
      mappings?: Array<{ lastSuccessAt: string | null }>;
    };
    await page.getByRole('button', { name: 'Reauthorize' }).click();
    await throughSalesforce(page);
    await page
      .getByRole('status')
      .filter({ hasText: /Re-?authorized/i })
      .waitFor({ timeout: STEP_MS });
    await page.locator('[data-status="active"]').first().waitFor({ timeout: STEP_MS });
    const after = (await api('GET', '/api/v1/connections', key)).connections as Array<{
      id: string;
      status: string;
    }>;
    assert.deepEqual(
      after.map((c) => [c.id, c.status]),
      [[id, 'active']],
      'the same connection, active again',
    );
    const lastBefore = before.mappings?.[0]?.lastSuccessAt ?? '';
    const deadline = Date.now() + STEP_MS;
    let synced = false;
    while (!synced && Date.now() < deadline) {
      const now = (await api('GET', `/api/v1/connections/${id}/sync`, key)) as typeof before;
      synced = (now.mappings?.[0]?.lastSuccessAt ?? '') > lastBefore;
      if (!synced) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok(synced, 'a pull ran after the re-authorization');
    await shot(page, '4-reauthorized');

    // A narrow screen: nothing wider than the viewport.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow} px)`);
    await shot(page, '5-narrow');
    assert.deepEqual(problems, [], 'no script errors in the page');

    // A link for this connection alone: its page, and no way to the others or to delete it.
    const single = (await api('POST', '/api/v1/page-links', key, { connectionId: id }))
      .url as string;
    const other = await context.newPage();
    await other.goto(single);
    await other.locator('[data-status="active"]').first().waitFor({ timeout: STEP_MS });
    assert.equal(await other.getByRole('button', { name: 'Reauthorize' }).count(), 1);
    assert.equal(await other.getByRole('button', { name: 'Delete' }).count(), 0);
    assert.equal(await other.getByRole('button', { name: 'New connection' }).count(), 0);
    await shot(other, '6-connection-link');
  } finally {
    await context.close();
  }
});

test('sign in with a key; a custom domain; disable, enable and a confirmed delete', async () => {
  const workspace = await api('POST', '/api/v1/workspaces', ADMIN_KEY, { name: 'Keys' });
  const key = workspace.apiKey as string;
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  try {
    // A wrong key is refused in words; the right one signs in.
    await page.goto(`${publicUrl}/`);
    await page.getByLabel('Workspace API key').fill('obk_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').first().waitFor({ timeout: STEP_MS });
    await page.getByLabel('Workspace API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Custom domain: the URL field appears and is required; the API's own check is shown.
    await page.getByRole('button', { name: 'New connection' }).click({ timeout: STEP_MS });
    await page.getByLabel('Nickname').fill('Acme custom');
    await page.getByLabel('Custom domain').check();
    const domain = page.getByLabel('My Domain URL');
    assert.equal(await domain.getAttribute('required'), '');
    await domain.fill('https://not-salesforce.example.com');
    await page.getByRole('button', { name: 'Connect to Salesforce' }).click();
    await page.getByRole('alert').first().waitFor({ timeout: STEP_MS });
    assert.ok(page.url().startsWith(publicUrl), 'stayed on the page');
    await shot(page, '7-custom-domain-refused');

    // A connection made through the API, then managed from the page.
    const created = (await api('POST', '/api/v1/connections', key, {
      nickname: 'Managed',
      environment: 'production',
      returnTo: '/',
    })) as { connection: { id: string }; authorizeUrl: string };
    await page.goto(created.authorizeUrl);
    await throughSalesforce(page);
    const id = created.connection.id;
    await page.locator('[data-status="active"]').first().waitFor({ timeout: STEP_MS });
    assert.ok(
      await page.getByText(/Nothing is deleted/).isVisible(),
      'disable says no data is lost',
    );

    await page.getByRole('button', { name: 'Disable' }).click();
    await page.locator('[data-status="disabled"]').first().waitFor({ timeout: STEP_MS });
    assert.equal(
      ((await api('GET', `/api/v1/connections/${id}`, key)) as { status: string }).status,
      'disabled',
    );
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.locator('[data-status="active"]').first().waitFor({ timeout: STEP_MS });

    // Delete asks first, and only the typed nickname unlocks it.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('button', { name: 'Delete Managed' });
    assert.ok(await confirm.isDisabled(), 'not before the nickname is typed');
    await page.getByLabel(/Type the nickname/).fill('Managed');
    await shot(page, '8-delete-confirm');
    await confirm.click();
    await page.getByRole('button', { name: 'New connection' }).waitFor({ timeout: STEP_MS });
    const left = (await api('GET', '/api/v1/connections', key)).connections as Array<{
      id: string;
    }>;
    assert.deepEqual(
      left.map((c) => c.id).filter((c) => c === id),
      [],
      'deleted',
    );

    // Sign out forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Workspace API key').waitFor({ timeout: STEP_MS });
    assert.equal(
      await page.evaluate<string | null>(`sessionStorage.getItem('orgbridge.credential')`),
      null,
    );
  } finally {
    await context.close();
  }
});
