import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;

/** A `orgbridge serve` child process, and a promise of its "listening" line. */
export interface ServeProcess {
  child: ChildProcess;
  ready: Promise<void>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `orgbridge serve` with `args` (e.g. `--role worker`) and `env`. */
export function serve(env: NodeJS.ProcessEnv, args: readonly string[] = []): ServeProcess {
  const child = spawn(process.execPath, [main, 'serve', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('orgbridge listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`serve exited with ${code ?? signal}: ${text}`)),
    );
  });
  // A process killed on purpose rejects `ready` after the test has stopped waiting for it.
  ready.catch(() => undefined);
  return { child, ready, output: () => text };
}

/** Stops a serve process (SIGTERM) unless it has exited already. */
export async function stopServe(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * A fresh PostgreSQL database on the test server for processes to share, dropped when the test
 * file ends. Returns its URL.
 */
export async function scratchPostgresDatabase(serverUrl: string, tag: string): Promise<string> {
  const database = `orgbridge_${tag}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
