import type { ConnectionsContext } from '../connections/connections-context.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { createRepositories } from '../store/repositories.ts';
import type { WebhookRow } from '../store/webhook-repository.ts';
import { parseSubscription } from './event-subscription.ts';
import { RETRY_WINDOW_MS } from './retry-schedule.ts';
import { deliveryView, type WebhookDeliveryView } from './webhook-delivery-view.ts';
import { newWebhookSecret, webhookSecretContext } from './webhook-secret.ts';
import { requireWebhookUrl } from './webhook-url.ts';

/** What the webhook services use of the shared context. */
export type WebhookContext = Pick<ConnectionsContext, 'db' | 'vault' | 'now' | 'newId'> & {
  config: Pick<ConnectionsContext['config'], 'allowInsecureLoopback'>;
};

/** A webhook as the API shows it: never its secret. */
export interface WebhookView {
  id: string;
  url: string;
  /** Event types, or `["*"]`. */
  events: string[];
  description: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/** A workspace may have at most this many webhooks (each event is queued once per webhook). */
export const MAX_WEBHOOKS_PER_WORKSPACE = 20;
export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 200;

const notFound = (id: string) =>
  new AppError(ErrorCode.WEBHOOK_NOT_FOUND, 'no such webhook', { details: { webhookId: id } });

function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Subscribes a URL to event types. Returns the webhook and its signing secret: the only time the
 * secret is shown (it is stored sealed). Fails with `WEBHOOK_URL_INVALID`, `VALIDATION_FAILED`
 * (unknown event type) or `WEBHOOK_LIMIT_REACHED`.
 */
export async function createWebhook(
  ctx: WebhookContext,
  workspaceId: string,
  input: { url: string; events: readonly string[]; description?: string },
): Promise<WebhookView & { secret: string }> {
  const url = requireWebhookUrl(input.url, ctx.config.allowInsecureLoopback);
  const events = parseSubscription(input.events);
  const repos = createRepositories(ctx.db);
  if ((await repos.webhooks.countForWorkspace(workspaceId)) >= MAX_WEBHOOKS_PER_WORKSPACE)
    throw new AppError(
      ErrorCode.WEBHOOK_LIMIT_REACHED,
      `a workspace has at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks; delete one first`,
    );
  const id = ctx.newId('wh');
  const secret = newWebhookSecret();
  const row: WebhookRow = {
    id,
    workspace_id: workspaceId,
    url,
    events: JSON.stringify(events),
    description: input.description ?? null,
    secret_sealed: ctx.vault.seal(secret, webhookSecretContext(id)),
    created_at: ctx.now(),
  };
  await repos.webhooks.insert(row);
  return { ...webhookView(row), secret };
}

export async function listWebhooks(
  ctx: Pick<WebhookContext, 'db'>,
  workspaceId: string,
): Promise<WebhookView[]> {
  const rows = await createRepositories(ctx.db).webhooks.listForWorkspace(workspaceId);
  return rows.map(webhookView);
}

export async function getWebhook(
  ctx: Pick<WebhookContext, 'db'>,
  workspaceId: string,
  id: string,
): Promise<WebhookView> {
  const row = await createRepositories(ctx.db).webhooks.findInWorkspace(workspaceId, id);
  if (!row) throw notFound(id);
  return webhookView(row);
}

/** Deletes a webhook, its secret and its delivery log; pending deliveries are dropped. */
export async function deleteWebhook(
  ctx: Pick<WebhookContext, 'db'>,
  workspaceId: string,
  id: string,
): Promise<void> {
  if (!(await createRepositories(ctx.db).webhooks.delete(workspaceId, id))) throw notFound(id);
}

/** One page of a webhook's delivery log, newest first. */
export interface DeliveryPage {
  deliveries: WebhookDeliveryView[];
  /** Pass as `after` for the next (older) page; null when this page is the last. */
  nextCursor: string | null;
}

/** A webhook's deliveries, newest first. Fails with `WEBHOOK_NOT_FOUND` or `VALIDATION_FAILED`. */
export async function listDeliveries(
  ctx: Pick<WebhookContext, 'db'>,
  workspaceId: string,
  webhookId: string,
  options: { after?: string; limit?: number } = {},
): Promise<DeliveryPage> {
  const limit = options.limit ?? DEFAULT_DELIVERY_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERY_PAGE)
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `limit must be an integer from 1 to ${MAX_DELIVERY_PAGE}`,
      { details: { field: 'limit' } },
    );
  if (options.after !== undefined && !/^[1-9]\d{0,14}$/.test(options.after))
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'after must be a cursor from nextCursor', {
      details: { field: 'after' },
    });
  const repos = createRepositories(ctx.db);
  if (!(await repos.webhooks.findInWorkspace(workspaceId, webhookId))) throw notFound(webhookId);
  const rows = await repos.webhookDeliveries.listLog(webhookId, {
    limit,
    ...(options.after === undefined ? {} : { beforeSeq: Number(options.after) }),
  });
  return {
    deliveries: rows.map(deliveryView),
    nextCursor: rows.length === limit ? String(rows.at(-1)!.seq) : null,
  };
}

/**
 * Queues a delivery again, due now and retried for another 24 hours, whatever its state (a
 * failed one included). Fails with `WEBHOOK_NOT_FOUND` or `WEBHOOK_DELIVERY_NOT_FOUND`.
 */
export async function redeliver(
  ctx: Pick<WebhookContext, 'db' | 'now'>,
  workspaceId: string,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  const repos = createRepositories(ctx.db);
  if (!(await repos.webhooks.findInWorkspace(workspaceId, webhookId))) throw notFound(webhookId);
  const found = await repos.webhookDeliveries.find(webhookId, deliveryId);
  if (!found)
    throw new AppError(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, 'no such delivery of this webhook', {
      details: { webhookId, deliveryId },
    });
  const now = ctx.now();
  await repos.webhookDeliveries.redeliver(deliveryId, now, now + RETRY_WINDOW_MS);
  return deliveryView((await repos.webhookDeliveries.find(webhookId, deliveryId))!);
}
