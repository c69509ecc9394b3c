import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ErrorCode } from '../../src/errors.ts';
import { loadOrCreateKeyFile, parseMasterKey } from '../../src/vault/index.ts';
import { assertRejectsAppError, rememberSecret } from './leak-check.ts';

const root = await mkdtemp(join(tmpdir(), 'orgbridge-key-file-'));
after(() => rm(root, { recursive: true, force: true }));

let counter = 0;
/** A path in a directory that does not exist yet. */
function freshPath(): string {
  counter += 1;
  return join(root, `case-${counter}`, 'nested', 'master.key');
}

async function writeKeyFile(mode: number, content?: string): Promise<string> {
  const path = freshPath();
  await mkdir(join(path, '..'), { recursive: true });
  const text = content ?? `${Buffer.alloc(32, counter).toString('base64')}\n`;
  rememberSecret(text.trim());
  await writeFile(path, text, { mode });
  await chmod(path, mode);
  return path;
}

test('loadOrCreateKeyFile creates a key file with mode 0600 in a new directory', async () => {
  const path = freshPath();
  const { key, created } = await loadOrCreateKeyFile(path);
  assert.equal(created, true);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  const text = await readFile(path, 'utf8');
  rememberSecret(text.trim());
  assert.equal(parseMasterKey(text).id, key.id);
});

test('loadOrCreateKeyFile creates missing directories with mode 0700', async () => {
  const path = freshPath();
  await loadOrCreateKeyFile(path);
  assert.equal((await stat(join(path, '..'))).mode & 0o777, 0o700);
});

test('loadOrCreateKeyFile reuses the existing key on the second call', async () => {
  const path = freshPath();
  const first = await loadOrCreateKeyFile(path);
  const second = await loadOrCreateKeyFile(path);
  assert.equal(second.created, false);
  assert.equal(second.key.id, first.key.id);
});

test('concurrent loads in one process agree on one key, created once', async () => {
  const path = freshPath();
  const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));
  assert.equal(new Set(results.map((result) => result.key.id)).size, 1);
  assert.equal(results.filter((result) => result.created).length, 1);
  assert.equal(parseMasterKey(await readFile(path, 'utf8')).id, results[0]!.key.id);
});

test('concurrent creation leaves no temporary files behind', async () => {
  const path = freshPath();
  await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));
  assert.deepEqual(await readdir(join(path, '..')), ['master.key']);
});

const runFile = promisify(execFile);
const keyFileModule = pathToFileURL(
  fileURLToPath(new URL('../../src/vault/key-file.ts', import.meta.url)),
).href;
// Every child waits for the same instant so that their creations race.
const CHILD_SCRIPT = `
const { loadOrCreateKeyFile } = await import(process.env.KEY_FILE_MODULE);
await new Promise((resolve) => setTimeout(resolve, Number(process.env.START_AT) - Date.now()));
const { key, created } = await loadOrCreateKeyFile(process.env.KEY_PATH);
process.stdout.write(JSON.stringify({ id: key.id, created }));
`;

test('concurrent creation by several processes yields one key', async () => {
  const path = freshPath();
  const startAt = String(Date.now() + 1_500);
  const outputs = await Promise.all(
    Array.from({ length: 4 }, () =>
      runFile(process.execPath, ['--input-type=module', '-e', CHILD_SCRIPT], {
        env: { ...process.env, KEY_FILE_MODULE: keyFileModule, KEY_PATH: path, START_AT: startAt },
        timeout: 20_000,
      }),
    ),
  );
  const results = outputs.map(
    ({ stdout }) => JSON.parse(stdout) as { id: string; created: boolean },
  );
  assert.equal(new Set(results.map((result) => result.id)).size, 1);
  assert.equal(results.filter((result) => result.created).length, 1);
  assert.equal(parseMasterKey(await readFile(path, 'utf8')).id, results[0]!.id);
});

for (const mode of [0o640, 0o604, 0o660, 0o644]) {
  const octal = mode.toString(8);
  test(`a key file with mode 0${octal} is refused with the chmod fix in the message`, async () => {
    const path = await writeKeyFile(mode);
    const error = await assertRejectsAppError(
      () => loadOrCreateKeyFile(path),
      ErrorCode.VAULT_KEY_INVALID,
    );
    assert.match(error.message, new RegExp(`mode 0${octal}`));
    assert.ok(error.message.includes(`chmod 600 ${path}`));
  });
}

test('a refused key file loads once its mode is fixed, keeping its key', async () => {
  const path = await writeKeyFile(0o640);
  const before = await readFile(path, 'utf8');
  await assertRejectsAppError(() => loadOrCreateKeyFile(path), ErrorCode.VAULT_KEY_INVALID);
  await chmod(path, 0o600);
  const { key, created } = await loadOrCreateKeyFile(path);
  assert.equal(created, false);
  assert.equal(key.id, parseMasterKey(before).id);
});

test('a key file with an invalid key is refused without echoing it or being replaced', async () => {
  const content = 'dGhpcyBpcyBub3QgMzIgYnl0ZXMgbG9uZw==\n';
  const path = await writeKeyFile(0o600, content);
  const error = await assertRejectsAppError(
    () => loadOrCreateKeyFile(path),
    ErrorCode.VAULT_KEY_INVALID,
  );
  assert.ok(error.message.startsWith(`master key file ${path} `));
  assert.equal(await readFile(path, 'utf8'), content);
});

test('an empty key file is refused, not overwritten', async () => {
  const path = await writeKeyFile(0o600, '');
  await assertRejectsAppError(() => loadOrCreateKeyFile(path), ErrorCode.VAULT_KEY_INVALID);
  assert.equal(await readFile(path, 'utf8'), '');
});

test('a directory at the key file path is refused', async () => {
  const path = freshPath();
  await mkdir(path, { recursive: true });
  const error = await assertRejectsAppError(
    () => loadOrCreateKeyFile(path),
    ErrorCode.VAULT_KEY_INVALID,
  );
  assert.match(error.message, /not a regular file/);
});
