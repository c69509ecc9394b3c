import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

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
