import { randomBytes } from 'node:crypto';
import { orgServices } from './connections/health-check.ts';
import { ProbeScheduler } from './connections/probe-scheduler.ts';
import { EmailDispatcher } from './notify/email-dispatcher.ts';
import { SmtpMailer } from './notify/smtp-mailer.ts';
import { WebhookDispatcher } from './notify/webhook-dispatcher.ts';
import type { Services } from './services.ts';
import { PushScheduler } from './sync/push-scheduler.ts';
import { SyncScheduler } from './sync/sync-scheduler.ts';

/**
 * Starts a process's background work: health probes, pulls, pushes, webhook and email
 * delivery, each as configured (an interval of 0 turns one off). The HTTP API never waits for
 * it. `stop()` stops each and waits for the work in progress.
 */
export function startBackground(
  services: Services,
  onError?: (error: unknown) => void,
): { stop(): Promise<void> } {
  const { config } = services;
  const org = orgServices(services.connections, services.tokens);
  const probes =
    config.probeIntervalMs > 0
      ? new ProbeScheduler(org, { intervalMs: config.probeIntervalMs, onError })
      : null;
  const pulls =
    config.syncIntervalMs > 0
      ? new SyncScheduler(org, {
          holderId: `sync:${randomBytes(6).toString('hex')}`,
          intervalMs: config.syncIntervalMs,
          onError,
        })
      : null;
  // Writes to Salesforce: delivered as they come (a 1 s tick), whatever the pull interval.
  const pushes = new PushScheduler(org, {
    holderId: `push:${randomBytes(6).toString('hex')}`,
    onError,
  });
  // Webhooks and emails: queued with their events, delivered as they come.
  const deliveries = config.webhookIntervalMs > 0;
  const webhooks = deliveries
    ? new WebhookDispatcher(services.connections, {
        intervalMs: config.webhookIntervalMs,
        onError,
      })
    : null;
  const emails = deliveries
    ? new EmailDispatcher(
        services.connections,
        config.smtpUrl !== null && config.emailFrom !== null
          ? new SmtpMailer({ url: config.smtpUrl, from: config.emailFrom })
          : null,
        { intervalMs: config.webhookIntervalMs, onError },
      )
    : null;
  const all = [probes, pulls, pushes, webhooks, emails].filter((s) => s !== null);
  for (const scheduler of all) scheduler.start();
  return {
    async stop() {
      for (const scheduler of all) await scheduler.stop();
    },
  };
}
