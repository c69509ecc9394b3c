import type { ConnectionsContext } from '../connections/connections-context.ts';
import { ErrorCode, isAppError } from '../errors.ts';
import { createRepositories } from '../store/repositories.ts';
import type { DueWebhookDelivery } from '../store/webhook-delivery-repository.ts';
import type { WebhookRow } from '../store/webhook-repository.ts';
import { DeliveryLoop } from './delivery-loop.ts';
import { deliveredAttempt, failedAttempt } from './retry-schedule.ts';
import { describeSendFailure } from './send-failure.ts';
import { describeAnswer, sendWebhook } from './webhook-request.ts';
import { webhookSecretContext } from './webhook-secret.ts';
import { requireWebhookUrl } from './webhook-url.ts';

/** What the dispatcher uses of the shared context. */
type DispatcherContext = Pick<ConnectionsContext, 'db' | 'vault' | 'now'> & {
  config: Pick<ConnectionsContext['config'], 'allowInsecureLoopback'>;
};

export interface WebhookDispatcherOptions {
  /** How often due deliveries are looked for when nothing else wakes the loop (default 1 s). */
  intervalMs?: number;
  /** Requests in flight at once in this process, over all webhooks (default 16). */
  concurrency?: number;
  /** Requests in flight at once to one webhook in this process (default 2). */
  perWebhook?: number;
  /** A receiver that has not answered within this is a failed attempt (default 10 s). */
  timeoutMs?: number;
  /**
   * How long a claimed delivery stays claimed (default: the timeout plus 50 s). A process that
   * dies mid-attempt leaves its deliveries due again after this.
   */
  leaseMs?: number;
  /** The HTTP client (default: Node's fetch). */
  fetch?: typeof globalThis.fetch;
  onError?: (error: unknown) => void;
}

/**
 * Delivers queued webhook deliveries: POSTs each event, signed, to its webhook; a 2xx answer
 * delivers it, anything else (another status, a refused connection, no answer within the
 * timeout) is retried with backoff for 24 hours after the event, then the delivery is failed.
 * At least once: a receiver may see an event twice (after a crash or a manual redelivery) and
 * should deduplicate on the event id.
 *
 * Each delivery is claimed with a conditional UPDATE of its due time, so any number of processes
 * share the queue without sending one attempt twice. Within a process, at most `perWebhook`
 * requests go to one webhook at a time and at most `concurrency` overall; requests run detached
 * from the poll, so a dead or hanging endpoint occupies only its own slots and never delays
 * another webhook's deliveries.
 */
export class WebhookDispatcher {
  readonly #ctx: DispatcherContext;
  readonly #concurrency: number;
  readonly #perWebhook: number;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #onError: (error: unknown) => void;
  readonly #loop: DeliveryLoop;
  /** Requests in flight per webhook id. */
  readonly #busy = new Map<string, number>();

  constructor(ctx: DispatcherContext, options: WebhookDispatcherOptions = {}) {
    this.#ctx = ctx;
    this.#concurrency = options.concurrency ?? 16;
    this.#perWebhook = options.perWebhook ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + 50_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#onError = options.onError ?? (() => undefined);
    this.#loop = new DeliveryLoop(() => this.poll(), {
      intervalMs: options.intervalMs ?? 1000,
      onError: this.#onError,
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops polling; requests in flight are aborted and retried later like any failed attempt. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.#loop.inFlight;
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    return this.#loop.idle();
  }

  /**
   * Claims due deliveries for the free slots and starts their requests without waiting for
   * them; returns how many started.
   */
  async poll(): Promise<number> {
    const free = this.#concurrency - this.#loop.inFlight;
    if (free <= 0) return 0;
    const repos = createRepositories(this.#ctx.db);
    const full = [...this.#busy].filter(([, n]) => n >= this.#perWebhook).map(([id]) => id);
    const due = await repos.webhookDeliveries.listDue(this.#ctx.now(), {
      perWebhook: this.#perWebhook,
      limit: free,
      excludeWebhookIds: full,
    });
    if (due.length === 0) return 0;
    const webhooks = new Map(
      (await repos.webhooks.findMany([...new Set(due.map((d) => d.webhook_id))])).map((w) => [
        w.id,
        w,
      ]),
    );
    let started = 0;
    for (const delivery of due) {
      const webhook = webhooks.get(delivery.webhook_id);
      const busy = this.#busy.get(delivery.webhook_id) ?? 0;
      if (!webhook || busy >= this.#perWebhook || this.#loop.signal.aborted) continue;
      const now = this.#ctx.now();
      if (
        !(await repos.webhookDeliveries.claim(
          delivery.id,
          delivery.next_attempt_at,
          now + this.#leaseMs,
          now,
        ))
      )
        continue;
      this.#busy.set(webhook.id, busy + 1);
      started += 1;
      this.#loop.track(
        this.#attempt(webhook, delivery).finally(() => {
          const left = (this.#busy.get(webhook.id) ?? 1) - 1;
          if (left > 0) this.#busy.set(webhook.id, left);
          else this.#busy.delete(webhook.id);
        }),
      );
    }
    return started;
  }

  /**
   * Polls and waits for the requests it started, until nothing is due; returns how many
   * attempts were made. For tests and one-off runs; the background loop does not wait.
   */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const started = await this.poll();
      if (started === 0 && this.#loop.inFlight === 0) return total;
      total += started;
      await this.idle();
    }
  }

  /** One signed POST; records its outcome (delivered, due again later, or failed). */
  async #attempt(webhook: WebhookRow, delivery: DueWebhookDelivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      // Checked again at each send: the insecure-loopback switch may have been turned off since.
      requireWebhookUrl(webhook.url, this.#ctx.config.allowInsecureLoopback);
      const secret = this.#ctx.vault.open(webhook.secret_sealed, webhookSecretContext(webhook.id));
      const response = await sendWebhook(
        this.#fetch,
        webhook.url,
        { delivery, secret, timestampSec: Math.floor(this.#ctx.now() / 1000) },
        AbortSignal.any([this.#loop.signal, AbortSignal.timeout(this.#timeoutMs)]),
      );
      status = response.status;
      error = describeAnswer(status);
    } catch (caught) {
      error = isAppError(caught, ErrorCode.WEBHOOK_URL_INVALID)
        ? caught.message
        : describeSendFailure(caught, {
            timeoutMs: this.#timeoutMs,
            stopping: this.#loop.signal.aborted,
          });
      if (error === null) {
        this.#onError(caught);
        error = 'orgbridge could not send the request';
      }
    }
    const now = this.#ctx.now();
    const outcome =
      error === null
        ? deliveredAttempt(now)
        : failedAttempt(attempts, now, delivery.expires_at, error);
    await createRepositories(this.#ctx.db).webhookDeliveries.settle(delivery.id, attempts, {
      ...outcome,
      last_status: status,
    });
  }
}
