/**
 * The newcomer's path (issue 3 "First run"): `orgbridge serve` with no Salesforce app configured
 * starts in demo mode against the built-in emulated org, prints a workspace key and a connect
 * link; the link goes through the emulator's login and Allow pages and back to a success page;
 * the connection is then active through the API.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { ScriptedBrowser } from '../../../salesforce-emulator/test/helpers/browser.ts';

const node = process.execPath;
const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;

function startServe(
  dir: string,
  port: number,
  emulatorPort: number,
): {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
} {
  const child = spawn(node, [main, 'serve', '--emulator-port', String(emulatorPort)], {
    env: {
      ...process.env,
      PORT: String(port),
      ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}`,
      ORGBRIDGE_SALESFORCE_CLIENT_ID: '',
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const match = pattern.exec(text);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`did not see ${pattern} in:\n${text}`);
  };
  return { child, output: () => text, waitFor };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

test('demo mode: connect the emulated org from the printed link, see it active, restart keeps it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-first-run-'));
  const port = await freePort();
  const emulatorPort = await freePort();
  const first = startServe(dir, port, emulatorPort);
  after(async () => {
    await stop(first.child);
    rmSync(dir, { recursive: true, force: true });
  });
  const key = (await first.waitFor(/Workspace API key:\s+(obk_\S+)/))[1]!;
  const link = (await first.waitFor(/Connect the demo org: (\S+)/))[1]!;
  const callback = await new ScriptedBrowser().authorize(
    link,
    'admin@demo.orgbridge.example',
    'Demo-Admin-1!',
  );
  assert.equal(callback.origin, `http://localhost:${port}`);
  const page = await fetch(`http://127.0.0.1:${port}${callback.pathname}${callback.search}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Connected/);
  const list = await fetch(`http://127.0.0.1:${port}/api/v1/connections`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await list.json()) as {
    connections: Array<{ nickname: string; status: string; identity: { username: string } }>;
  };
  assert.equal(body.connections[0]?.status, 'active');
  assert.equal(body.connections[0]?.identity.username, 'admin@demo.orgbridge.example');
  assert.equal(await stop(first.child), 0);

  const second = startServe(dir, port, emulatorPort);
  try {
    await second.waitFor(/The demo org is connected/);
    const key2 = (await second.waitFor(/Workspace API key:\s+(obk_\S+)/))[1]!;
    const token = await fetch(
      `http://127.0.0.1:${port}/api/v1/connections/${((await (await fetch(`http://127.0.0.1:${port}/api/v1/connections`, { headers: { authorization: `Bearer ${key2}` } })).json()) as { connections: Array<{ id: string }> }).connections[0]!.id}/access-token`,
      {
        headers: { authorization: `Bearer ${key2}` },
      },
    );
    assert.equal(
      token.status,
      200,
      'the grant survived the restart, in orgbridge and in the emulated org',
    );
  } finally {
    assert.equal(await stop(second.child), 0);
  }
});
