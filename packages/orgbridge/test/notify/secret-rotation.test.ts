/**
 * A master-key rotation re-wraps webhook secrets with every other secret: after it, the new key
 * alone opens them and deliveries stay signed with the same secret.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rewrapAllSecrets } from '../../src/connections/rotate-secrets.ts';
import { WebhookDispatcher } from '../../src/notify/webhook-dispatcher.ts';
import { webhookSecretContext } from '../../src/notify/webhook-secret.ts';
import { createWebhook } from '../../src/notify/webhook-service.ts';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';
import { generateMasterKeyBase64, KeyRing, parseMasterKey, Vault } from '../../src/vault/index.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { seedOrg, useSalesforce } from '../helpers/connections.ts';
import { connectThroughApi, openApi } from '../helpers/api.ts';
import { startReceiver } from './receiver.ts';

const running = await useSalesforce();

for (const dialect of DIALECTS) {
  describe(`webhook secrets and key rotation on ${dialect}`, () => {
    test('rotation re-wraps the webhook secret; deliveries stay verifiable with it', async () => {
      const { admin, app } = seedOrg(running);
      const setup = await openApi(dialect, running, app);
      const receiver = await startReceiver();
      try {
        const oldKey = parseMasterKey(generateMasterKeyBase64());
        const newKey = parseMasterKey(generateMasterKeyBase64());
        const hook = await createWebhook(
          { ...setup.ctx, vault: new Vault(new KeyRing(oldKey)) },
          setup.a.id,
          { url: receiver.url, events: ['*'] },
        );
        const report = await rewrapAllSecrets(
          setup.store.db,
          new Vault(new KeyRing(newKey, [oldKey])),
        );
        assert.ok(report.rewrapped >= 1);

        const newOnly = new Vault(new KeyRing(newKey));
        const row = await setup.store.db
          .selectFrom('webhook')
          .select('secret_sealed')
          .where('id', '=', hook.id)
          .executeTakeFirstOrThrow();
        assert.equal(newOnly.open(row.secret_sealed, webhookSecretContext(hook.id)), hook.secret);

        await connectThroughApi(setup, admin);
        const dispatcher = new WebhookDispatcher({ ...setup.ctx, vault: newOnly });
        assert.equal(await dispatcher.tick(), 1);
        const [request] = receiver.received;
        const timestamp = request!.headers['orgbridge-timestamp'] as string;
        assert.ok(
          verifyWebhookSignature(
            hook.secret,
            timestamp,
            request!.body,
            request!.headers['orgbridge-signature'] as string,
            300,
            Number(timestamp),
          ),
        );
      } finally {
        await receiver.close();
        await setup.close();
      }
    });
  });
}
