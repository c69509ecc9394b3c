import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { newConnectionRow } from '../../src/store/connection-repository.ts';
import { loadConfig } from '../../src/config.ts';
import { sealContext } from '../../src/connections/connections-context.ts';
import { rewrapAllSecrets } from '../../src/connections/rotate-secrets.ts';
import { createServices, type Services } from '../../src/services.ts';
import {
  generateMasterKeyBase64,
  previousKeysPath,
  rotateKeyFiles,
} from '../../src/vault/index.ts';

async function withGrant(services: Services, grantId: string, refreshToken: string): Promise<void> {
  const { workspace } = await services.workspaces.create(`W ${grantId}`);
  const now = Date.now();
  const connectionId = `conn_${grantId}`;
  await services.repos.connections.insert(
    newConnectionRow({
      id: connectionId,
      workspace_id: workspace.id,
      nickname: grantId,
      environment: 'production',
      login_url: 'https://login.salesforce.com',
      auth_flow: 'web_server',
      status: 'active',
      client_id: '3MVG9own',
      client_secret_sealed: services.vault.seal(
        `secret-${grantId}`,
        sealContext.clientSecret(connectionId),
      ),
      scopes: 'api',
      grant_id: grantId,
      created_at: now,
    }),
  );
  await services.repos.grants.insert({
    id: grantId,
    connection_id: connectionId,
    client_id: '3MVG9own',
    refresh_token_sealed: services.vault.seal(refreshToken, sealContext.refreshToken(grantId)),
    access_token_sealed: null,
    access_token_issued_at: null,
    instance_url: 'https://x.my.salesforce.com',
    scopes: 'api',
    issued_at: now,
    replaced_at: null,
    revoked_at: null,
  });
}

async function refreshTokenOf(services: Services, grantId: string): Promise<string> {
  const grant = await services.repos.grants.find(grantId);
  return services.vault.open(grant!.refresh_token_sealed!, sealContext.refreshToken(grantId));
}

test('key file: rotating while another process runs; it follows the new key on first sight', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-rotate-'));
  try {
    const config = loadConfig({ ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}` });
    const running = await createServices(config);
    await withGrant(running, 'gr_1', '5Aep861one');
    const oldKey = running.vault.currentKeyId;

    const keys = rotateKeyFiles(config.masterKeyFile!);
    assert.equal(keys.previousKeyId, oldKey);
    assert.equal(statSync(config.masterKeyFile!).mode & 0o777, 0o600);
    assert.equal(statSync(previousKeysPath(config.masterKeyFile!)).mode & 0o777, 0o600);
    const rotator = await createServices(config);
    const report = await rewrapAllSecrets(rotator.store.db, rotator.vault);
    assert.deepEqual(report, { scanned: 2, rewrapped: 2, changedMeanwhile: 0, remaining: 0 });

    // The running process still holds only the old key until it meets a value under the new one.
    assert.equal(running.vault.currentKeyId, oldKey);
    assert.equal(await refreshTokenOf(running, 'gr_1'), '5Aep861one');
    assert.equal(running.vault.currentKeyId, keys.currentKeyId);
    await rotator.close();
    await running.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('environment keys: old key as previous while re-wrapping, then the new key alone opens everything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-rotate-'));
  try {
    const databaseUrl = `sqlite:${join(dir, 'orgbridge.db')}`;
    const oldKey = generateMasterKeyBase64();
    const newKey = generateMasterKeyBase64();
    const before = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: databaseUrl, ORGBRIDGE_MASTER_KEY: oldKey }),
    );
    await withGrant(before, 'gr_1', '5Aep861one');
    await withGrant(before, 'gr_2', '5Aep861two');
    await before.close();
    const during = await createServices(
      loadConfig({
        ORGBRIDGE_DATABASE_URL: databaseUrl,
        ORGBRIDGE_MASTER_KEY: newKey,
        ORGBRIDGE_PREVIOUS_MASTER_KEYS: oldKey,
      }),
    );
    const report = await rewrapAllSecrets(during.store.db, during.vault);
    assert.equal(report.rewrapped, 4);
    assert.equal(report.remaining, 0);
    assert.deepEqual(await rewrapAllSecrets(during.store.db, during.vault), {
      scanned: 4,
      rewrapped: 0,
      changedMeanwhile: 0,
      remaining: 0,
    });
    await during.close();
    const after = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: databaseUrl, ORGBRIDGE_MASTER_KEY: newKey }),
    );
    assert.equal(await refreshTokenOf(after, 'gr_2'), '5Aep861two');
    await after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('orgbridge keys rotate on the command line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-rotate-'));
  try {
    const env = {
      ...process.env,
      ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}`,
      ORGBRIDGE_MASTER_KEY: '',
      ORGBRIDGE_PREVIOUS_MASTER_KEYS: '',
    };
    const seed = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: env.ORGBRIDGE_DATABASE_URL }),
    );
    await withGrant(seed, 'gr_1', '5Aep861one');
    await seed.close();
    const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [main, 'keys', 'rotate'], {
      env,
      timeout: 30_000,
    });
    assert.match(stdout, /New master key \w+ in .*master\.key/);
    assert.match(
      stdout,
      /Scanned 2 secrets: 2 re-wrapped under \w+, 0 changed meanwhile, 0 still under older keys\./,
    );
    const after = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: env.ORGBRIDGE_DATABASE_URL }),
    );
    assert.equal(await refreshTokenOf(after, 'gr_1'), '5Aep861one');
    await after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
