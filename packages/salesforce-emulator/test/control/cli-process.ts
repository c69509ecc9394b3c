import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `./node_modules/.bin/node` is Node 24. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A CLI started as a child process, with what it printed so far. */
export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the base URL once the banner is printed (rejects after `timeoutMs`). */
  baseUrl: Promise<string>;
  /** Sends a signal and resolves with the exit code (rejects after `timeoutMs`). */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Kills the child if it is still running (for `after`). */
  kill: () => void;
}

/** Starts `node <script> …args` from the repository root. */
export function startCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): CliProcess {
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/node'), [script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (text += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const baseUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner within ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the banner:\n${text}`));
    });
  });
  baseUrl.catch(() => undefined);
  return {
    child,
    output: () => text,
    baseUrl,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const [code] = await Promise.race([exited, timeout]);
        return code;
      } finally {
        clearTimeout(timer);
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
