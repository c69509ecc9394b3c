import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WAIT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const child = spawn(
  join(REPO_ROOT, 'node_modules/.bin/node'),
  ['packages/orgbridge/src/cli/main.ts', 'emulator', '--port', '0', '--seed', 'demo'],
  { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
);
after(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
let output = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk: string) => (output += chunk));
const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
const baseUrl = withTimeout(
  new Promise<string>((resolve) => {
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
  }),
  'no banner',
);
// Each test awaits it; this only keeps an early failure from counting as unhandled.
baseUrl.catch(() => undefined);

test('`orgbridge emulator --seed demo` prints its URLs and the demo credentials', async () => {
  const url = await baseUrl;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await withTimeout(
    new Promise<void>((resolve) => {
      const check = () => (output.includes('Press Ctrl+C') ? resolve() : setTimeout(check, 20));
      check();
    }),
    'no full banner',
  );
  assert.ok(output.includes(`${url}/login.salesforce.com`));
  assert.ok(output.includes(`${url}/test.salesforce.com`));
  assert.ok(output.includes(`${url}/orgbridge-demo.my.salesforce.com`));
  assert.ok(output.includes(`${url}/__emulator`));
  assert.ok(output.includes('admin@demo.orgbridge.example  password Demo-Admin-1!'));
  assert.ok(output.includes('3MVG9orgbridgeDemoConsumerKey'));
});

test('the emulator it starts serves the control API with the demo org', async () => {
  const url = await baseUrl;
  const res = await fetch(`${url}/__emulator/orgs`);
  assert.equal(res.status, 200);
  const orgs = (await res.json()) as Array<{ name: string; myDomain: string }>;
  assert.deepEqual(
    orgs.map((o) => [o.name, o.myDomain]),
    [
      ['Demo Org', 'orgbridge-demo'],
      ['Demo Sandbox', 'orgbridge-demo--dev'],
    ],
  );
});

test('SIGTERM stops it with exit code 0', async () => {
  await baseUrl;
  child.kill('SIGTERM');
  const [code] = await withTimeout(exited, 'no exit');
  assert.equal(code, 0);
});
