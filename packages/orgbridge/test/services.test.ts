import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { newConnectionRow } from '../src/store/connection-repository.ts';
import { loadConfig } from '../src/config.ts';
import { sealContext } from '../src/connections/connections-context.ts';
import { isAppError } from '../src/errors.ts';
import { createServices } from '../src/services.ts';
import { generateMasterKeyBase64 } from '../src/vault/index.ts';

test('a wrong master key stops start-up with a clear error naming neither key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-services-'));
  try {
    const keyA = generateMasterKeyBase64();
    const keyB = generateMasterKeyBase64();
    const databaseUrl = `sqlite:${join(dir, 'orgbridge.db')}`;
    const first = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: databaseUrl, ORGBRIDGE_MASTER_KEY: keyA }),
    );
    const { workspace } = await first.workspaces.create('W');
    const now = Date.now();
    await first.repos.connections.insert(
      newConnectionRow({
        id: 'conn_1',
        workspace_id: workspace.id,
        nickname: 'n',
        environment: 'production',
        login_url: 'https://login.salesforce.com',
        auth_flow: 'web_server',
        status: 'active',
        client_id: null,
        client_secret_sealed: null,
        scopes: 'api',
        grant_id: 'gr_1',
        created_at: now,
      }),
    );
    await first.repos.grants.insert({
      id: 'gr_1',
      connection_id: 'conn_1',
      client_id: 'c',
      refresh_token_sealed: first.vault.seal('5Aep861secret', sealContext.refreshToken('gr_1')),
      access_token_sealed: null,
      access_token_issued_at: null,
      instance_url: 'https://x.my.salesforce.com',
      scopes: 'api',
      issued_at: now,
      replaced_at: null,
      revoked_at: null,
    });
    await first.close();
    await assert.rejects(
      createServices(
        loadConfig({ ORGBRIDGE_DATABASE_URL: databaseUrl, ORGBRIDGE_MASTER_KEY: keyB }),
      ),
      (error) => {
        assert.ok(isAppError(error, 'VAULT_KEY_MISMATCH'));
        assert.ok(!error.message.includes(keyA) && !error.message.includes(keyB));
        return true;
      },
    );
    const again = await createServices(
      loadConfig({ ORGBRIDGE_DATABASE_URL: databaseUrl, ORGBRIDGE_MASTER_KEY: keyA }),
    );
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a master key, a key file is created beside the SQLite database and reused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbridge-services-'));
  try {
    const config = loadConfig({ ORGBRIDGE_DATABASE_URL: `sqlite:${join(dir, 'orgbridge.db')}` });
    const first = await createServices(config);
    assert.equal(first.masterKeyCreated, true);
    const sealed = first.vault.seal('x', 'ctx');
    await first.close();
    const second = await createServices(config);
    assert.equal(second.masterKeyCreated, false);
    assert.equal(second.vault.open(sealed, 'ctx'), 'x');
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
