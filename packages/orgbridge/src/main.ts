import type { OrgbridgeConfig } from './config.ts';
import { randomBytes } from 'node:crypto';
import { orgServices } from './connections/health-check.ts';
import { PushScheduler } from './sync/push-scheduler.ts';
import { SyncScheduler } from './sync/sync-scheduler.ts';
import { ProbeScheduler } from './connections/probe-scheduler.ts';
import { EmailDispatcher } from './notify/email-dispatcher.ts';
import { SmtpMailer } from './notify/smtp-mailer.ts';
import { WebhookDispatcher } from './notify/webhook-dispatcher.ts';
import { buildApp, type ApiInstance, type AppServices } from './http/app.ts';
import { createServices, type Services } from './services.ts';

/** A running orgbridge process: services plus the HTTP server. `close()` stops both. */
export interface RunningOrgbridge {
  /** Where the HTTP server listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  services: Services;
  app: ApiInstance;
  close(): Promise<void>;
}

/** What the HTTP layer gets from the services. */
export function appServicesFrom(
  services: Services,
  logError?: (error: unknown) => void,
): AppServices {
  return {
    adminApiKey: services.config.adminApiKey,
    workspaces: services.workspaces,
    connections: services.connections,
    tokens: services.tokens,
    ...(logError ? { logError } : {}),
  };
}

/**
 * The composition root: configuration in, a serving process out. Opens and migrates the store,
 * verifies the master key against stored secrets (a wrong key stops here), builds the services
 * and the HTTP API, and listens.
 */
export async function startOrgbridge(
  config: Readonly<OrgbridgeConfig>,
  options: { logError?: (error: unknown) => void } = {},
): Promise<RunningOrgbridge> {
  const services = await createServices(config);
  let app: ApiInstance;
  try {
    app = await buildApp(appServicesFrom(services, options.logError));
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await services.close();
    throw error;
  }
  // Background probes and pulls; the HTTP API does not wait for them.
  const org = orgServices(services.connections, services.tokens);
  const probes =
    config.probeIntervalMs > 0
      ? new ProbeScheduler(org, { intervalMs: config.probeIntervalMs, onError: options.logError })
      : null;
  probes?.start();
  const pulls =
    config.syncIntervalMs > 0
      ? new SyncScheduler(org, {
          holderId: `sync:${randomBytes(6).toString('hex')}`,
          intervalMs: config.syncIntervalMs,
          onError: options.logError,
        })
      : null;
  pulls?.start();
  // Writes to Salesforce: delivered as they come (a 1 s tick), whatever the pull interval.
  const pushes = new PushScheduler(org, {
    holderId: `push:${randomBytes(6).toString('hex')}`,
    onError: options.logError,
  });
  pushes.start();
  // Webhooks and emails: queued with their events, delivered as they come.
  const webhooks =
    config.webhookIntervalMs > 0
      ? new WebhookDispatcher(services.connections, {
          intervalMs: config.webhookIntervalMs,
          onError: options.logError,
        })
      : null;
  webhooks?.start();
  const emails =
    config.webhookIntervalMs > 0
      ? new EmailDispatcher(
          services.connections,
          config.smtpUrl !== null && config.emailFrom !== null
            ? new SmtpMailer({ url: config.smtpUrl, from: config.emailFrom })
            : null,
          { intervalMs: config.webhookIntervalMs, onError: options.logError },
        )
      : null;
  emails?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${shownHost}:${port}`,
    services,
    app,
    async close() {
      await probes?.stop();
      await pulls?.stop();
      await pushes.stop();
      await webhooks?.stop();
      await emails?.stop();
      await app.close();
      await services.close();
    },
  };
}
