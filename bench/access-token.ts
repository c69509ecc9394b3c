import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  createConnectedApp,
  createOrg,
  createUser,
  startEmulator,
} from '../packages/salesforce-emulator/src/index.ts';
import { ScriptedBrowser } from '../packages/salesforce-emulator/test/helpers/browser.ts';
import { result, type BenchResult } from './report.ts';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<number> {
  const outcome = await autocannon({
    url,
    headers,
    connections: 50,
    pipelining: 1,
    duration: seconds,
  });
  if (outcome.non2xx > 0 || outcome.errors > 0)
    throw new Error(`${url}: ${outcome.non2xx} non-2xx, ${outcome.errors} errors`);
  return outcome.requests.average;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Warm access-token requests per second (`GET /api/v1/connections/{id}/access-token`: API-key
 * check, connection and grant read, token decrypted) against `GET /healthz`, an empty route of the
 * same orgbridge process, measured back to back by the same load generator in another process,
 * in alternating rounds; each figure is the median of its rounds.
 */
export async function benchAccessToken(seconds: number): Promise<BenchResult[]> {
  const salesforce = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-bench-'));
  const port = 31_000 + Math.floor(Math.random() * 10_000);
  const publicUrl = `http://127.0.0.1:${port}`;
  const org = createOrg(salesforce.emulator, { name: 'Bench' });
  const admin = createUser(salesforce.emulator, org.id, {
    username: `bench.${Date.now()}@bench.example`,
    profile: 'System Administrator',
  });
  const app = createConnectedApp(salesforce.emulator, {
    name: 'bench',
    callbackUrls: [`${publicUrl}/oauth/callback`],
  });
  const child = spawn(
    process.execPath,
    [new URL('../packages/orgbridge/src/cli/main.ts', import.meta.url).pathname, 'serve'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}`,
        ORGBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
        ORGBRIDGE_PUBLIC_URL: publicUrl,
        ORGBRIDGE_SALESFORCE_CLIENT_ID: app.consumerKey,
        ORGBRIDGE_SALESFORCE_CLIENT_SECRET: app.consumerSecret,
        ORGBRIDGE_SALESFORCE_LOGIN_URL: salesforce.loginUrl,
        ORGBRIDGE_SALESFORCE_SANDBOX_LOGIN_URL: salesforce.sandboxLoginUrl,
        ORGBRIDGE_ALLOW_INSECURE_LOOPBACK: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    while (!text.includes('orgbridge listening')) {
      if (child.exitCode !== null) throw new Error(`orgbridge exited: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const json = async (path: string, key: string, body?: unknown) =>
      (await (
        await fetch(`${publicUrl}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).json()) as Record<string, unknown>;
    const key = (await json('/api/v1/workspaces', ADMIN_KEY, { name: 'Bench' })).apiKey as string;
    const created = await json('/api/v1/connections', key, {
      nickname: 'Bench',
      environment: 'production',
    });
    const callback = await new ScriptedBrowser().authorize(
      created.authorizeUrl as string,
      admin.username,
      admin.password,
    );
    await fetch(`${publicUrl}${callback.pathname}${callback.search}`);
    const id = (created.connection as { id: string }).id;
    const tokenUrl = `${publicUrl}/api/v1/connections/${id}/access-token`;
    const auth = { authorization: `Bearer ${key}` };
    await load(`${publicUrl}/healthz`, {}, 1); // warm-up
    await load(tokenUrl, auth, 1);
    // Short rounds in alternating order, medians of each: on a shared 2-core machine the load
    // generator and the server compete, and a one-off stall would otherwise decide the ratio.
    const rounds = 6;
    const roundSeconds = Math.max(1, Math.round(seconds / (rounds / 2)));
    const emptyRates: number[] = [];
    const tokenRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        emptyRates.push(await load(`${publicUrl}/healthz`, {}, roundSeconds));
        tokenRates.push(await load(tokenUrl, auth, roundSeconds));
      } else {
        tokenRates.push(await load(tokenUrl, auth, roundSeconds));
        emptyRates.push(await load(`${publicUrl}/healthz`, {}, roundSeconds));
      }
    }
    const empty = median(emptyRates);
    const tokens = median(tokenRates);
    return [
      result(
        'access-token endpoint, warm token',
        tokens,
        'requests/s',
        'empty route (/healthz), same server',
        empty,
        '>= 0.7',
      ),
    ];
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await salesforce.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
