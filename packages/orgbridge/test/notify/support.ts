import assert from 'node:assert/strict';
import type { ApiSetup, Workspace } from '../helpers/api.ts';
import {
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from '../../src/notify/webhook-dispatcher.ts';

/** A webhook as its creation returns it. */
export interface CreatedWebhook {
  id: string;
  secret: string;
}

/** A delivery log entry as the API shows it. */
export interface DeliveryBody {
  id: string;
  eventId: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  expiresAt: string;
}

export interface EventBody {
  id: string;
  type: string;
  workspaceId: string;
  connectionId: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

export async function createWebhook(
  setup: ApiSetup,
  url: string,
  events: string[] = ['*'],
  workspace: Workspace = setup.a,
): Promise<CreatedWebhook> {
  const response = await setup.call(workspace.apiKey, 'POST', '/api/v1/webhooks', { url, events });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<CreatedWebhook>();
}

/** The whole delivery log of a webhook, newest first. */
export async function deliveries(setup: ApiSetup, webhookId: string): Promise<DeliveryBody[]> {
  const response = await setup.call(
    setup.a.apiKey,
    'GET',
    `/api/v1/webhooks/${webhookId}/deliveries?limit=200`,
  );
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ deliveries: DeliveryBody[] }>().deliveries;
}

export async function events(
  setup: ApiSetup,
  workspace: Workspace = setup.a,
): Promise<EventBody[]> {
  const response = await setup.call(workspace.apiKey, 'GET', '/api/v1/events?limit=1000');
  return response.json<{ events: EventBody[] }>().events;
}

/** A dispatcher on the test's context (its clock), with short timeouts. */
export function dispatcherFor(
  setup: ApiSetup,
  options: WebhookDispatcherOptions = {},
): WebhookDispatcher {
  return new WebhookDispatcher(setup.ctx, { timeoutMs: 2000, ...options });
}

/** Waits (real time) until `condition` holds, or fails after `ms`. */
export async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
