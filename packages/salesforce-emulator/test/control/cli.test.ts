import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { OrgSummary } from '../../src/index.ts';
import { startCli, type CliProcess } from './cli-process.ts';

const CLI = 'packages/salesforce-emulator/src/cli.ts';
const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
const started: CliProcess[] = [];
after(async () => {
  for (const cli of started) cli.kill();
  await rm(dir, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string> = {}): CliProcess {
  const cli = startCli(CLI, args, env);
  started.push(cli);
  return cli;
}

test('the CLI saves its state on SIGTERM and loads it at the next start', async () => {
  const file = join(dir, 'state.json');
  const first = start([
    '--port',
    '0',
    '--seed',
    'demo',
    '--snapshot',
    file,
    '--control-token',
    'tok',
  ]);
  const url = await first.baseUrl;
  const auth = { authorization: 'Bearer tok', 'content-type': 'application/json' };
  const created = await fetch(`${url}/__emulator/orgs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'Made Before Restart' }),
  });
  assert.equal(created.status, 201);
  assert.equal(await first.stop('SIGTERM'), 0);
  assert.ok(existsSync(file));
  assert.match(first.output(), /Saved \d+ records of 3 orgs/);

  const second = start(['--port', '0', '--snapshot', file, '--control-token', 'tok']);
  const url2 = await second.baseUrl;
  assert.match(second.output(), /state loaded from it/);
  const orgs = (await (
    await fetch(`${url2}/__emulator/orgs`, { headers: auth })
  ).json()) as OrgSummary[];
  assert.deepEqual(
    orgs.map((o) => o.name),
    ['Demo Org', 'Demo Sandbox', 'Made Before Restart'],
  );
  assert.equal(await second.stop('SIGINT'), 0);
});

test('the control token can come from SALESFORCE_EMULATOR_CONTROL_TOKEN', async () => {
  const cli = start(['--port', '0'], { SALESFORCE_EMULATOR_CONTROL_TOKEN: 'from-env' });
  const url = await cli.baseUrl;
  assert.equal((await fetch(`${url}/__emulator/orgs`)).status, 401);
  const ok = await fetch(`${url}/__emulator/orgs`, {
    headers: { authorization: 'Bearer from-env' },
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), []);
  assert.equal(await cli.stop(), 0);
});

test('a bad option exits non-zero with a message', async () => {
  const cli = start(['--port', 'eighty']);
  await assert.rejects(cli.baseUrl, /exited with 1/);
  assert.match(cli.output(), /port/);
});
