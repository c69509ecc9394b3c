import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import {
  createConnectedApp,
  createOrg,
  createUser,
  seedRecords,
  startEmulator,
} from '@orgbridge/salesforce-emulator';

const run = promisify(execFile);
const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'orgbridge-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  ...process.env,
  ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}`,
  ORGBRIDGE_SALESFORCE_CLIENT_ID: '3MVG9cliTestClientId',
  ORGBRIDGE_SALESFORCE_CLIENT_SECRET: 'cli-test-secret',
  ORGBRIDGE_PUBLIC_URL: 'https://orgbridge.example.com',
};

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], {
      env,
      timeout: 30_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

test('the CLI mirrors the API: create a workspace and a connection, list, disable, show, delete', async () => {
  const created = await cli('workspaces', 'create', 'Acme', '--json');
  assert.equal(created.code, 0, created.stderr);
  const workspace = JSON.parse(created.stdout) as { id: string; apiKey: string };
  assert.match(workspace.apiKey, /^obk_/);

  const connection = await cli(
    'connections',
    'create',
    '-w',
    workspace.id,
    '-n',
    'Main org',
    '-e',
    'production',
    '--json',
  );
  assert.equal(connection.code, 0, connection.stderr);
  const link = JSON.parse(connection.stdout) as {
    connection: { id: string; status: string };
    authorizeUrl: string;
  };
  assert.equal(link.connection.status, 'pending');
  const authorize = new URL(link.authorizeUrl);
  assert.equal(authorize.origin, 'https://login.salesforce.com');
  assert.equal(
    authorize.searchParams.get('redirect_uri'),
    'https://orgbridge.example.com/oauth/callback',
  );
  assert.ok(!connection.stdout.includes('cli-test-secret'), 'the client secret is never printed');

  const listed = await cli('connections', 'list', '-w', workspace.id);
  assert.match(listed.stdout, /Main org\s+pending/);

  const disabled = await cli(
    'connections',
    'disable',
    link.connection.id,
    '-w',
    workspace.id,
    '--json',
  );
  assert.equal((JSON.parse(disabled.stdout) as { status: string }).status, 'disabled');

  const duplicate = await cli('connections', 'create', '-w', workspace.id, '-n', 'Main org');
  assert.equal(duplicate.code, 1);
  assert.match(duplicate.stderr, /^NICKNAME_TAKEN: /);

  const deleted = await cli(
    'connections',
    'delete',
    link.connection.id,
    '-w',
    workspace.id,
    '--json',
  );
  assert.equal(deleted.code, 0, deleted.stderr);
  const gone = await cli('connections', 'show', link.connection.id, '-w', workspace.id);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /^CONNECTION_NOT_FOUND: /);
});

test('a missing workspace option is a usage error, not a crash', async () => {
  const result = await cli('connections', 'list');
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /--workspace/);
});

test('the CLI chooses the flow: a password connection reads its secrets from stdin, never argv', async () => {
  const running = await startEmulator();
  try {
    const org = createOrg(running.emulator, { name: 'CLI' });
    const user = createUser(running.emulator, org.id, {
      username: `cli.${Date.now()}@cli.example`,
      profile: 'System Administrator',
    });
    const app = createConnectedApp(running.emulator, {
      name: 'cli',
      callbackUrls: ['https://orgbridge.example.com/oauth/callback'],
    });
    const flowEnv = {
      ...env,
      ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'flows.db')}`,
      ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
      ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
      ORGBRIDGE_SALESFORCE_LOGIN_URL: running.loginUrl,
      ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
    };
    const withStdin = (args: string[], input: string) =>
      new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
        const child = spawn(process.execPath, [main, ...args], { env: flowEnv });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ stdout, stderr, code }));
        child.stdin.end(input);
      });
    const ws = await withStdin(['workspaces', 'create', 'Flows', '--json'], '');
    const workspace = JSON.parse(ws.stdout) as { id: string };
    const created = await withStdin(
      [
        'connections',
        'create',
        '-w',
        workspace.id,
        '-n',
        'Password',
        '-f',
        'password',
        '--username',
        user.username,
        '--password-stdin',
        '--json',
      ],
      `${user.password}\n${user.securityToken}\n`,
    );
    assert.equal(created.code, 0, created.stderr);
    const connection = JSON.parse(created.stdout) as {
      id: string;
      status: string;
      authFlow: string;
    };
    assert.deepEqual([connection.status, connection.authFlow], ['active', 'password']);
    assert.ok(!created.stdout.includes(user.password));

    // Sync from the command line: map, pull with progress, status.
    seedRecords(running.emulator, org.id, 'Account', 30);
    const mapped = await withStdin(
      ['sync', 'map', connection.id, 'Account', '-w', workspace.id],
      '',
    );
    assert.equal(mapped.code, 0, mapped.stderr);
    const pulled = await withStdin(['sync', 'run', connection.id, '-w', workspace.id], '');
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout + pulled.stderr, /Account/);
    const status = await withStdin(['sync', 'status', connection.id, '-w', workspace.id], '');
    assert.match(status.stdout, /Account\s+incremental\s+30 records/);

    const wrong = await withStdin(
      [
        'connections',
        'create',
        '-w',
        workspace.id,
        '-n',
        'Wrong',
        '-f',
        'password',
        '--username',
        user.username,
        '--password-stdin',
      ],
      'Not-The-Password-1\n',
    );
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^SALESFORCE_LOGIN_REFUSED: /);
  } finally {
    await running.close();
  }
});
