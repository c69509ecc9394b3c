import type { ConnectionsContext } from '../connections/connections-context.ts';
import type { DueEmailDelivery } from '../store/email-delivery-repository.ts';
import { createRepositories } from '../store/repositories.ts';
import { DeliveryLoop } from './delivery-loop.ts';
import { renderEmail, type EmailConnection } from './email-message.ts';
import type { Mailer } from './mailer.ts';
import { deliveredAttempt, failedAttempt } from './retry-schedule.ts';
import { SmtpSendError } from './smtp-mailer.ts';

export interface EmailDispatcherOptions {
  /** How often due emails are looked for (default 1 s). */
  intervalMs?: number;
  /** Emails sent at once in this process (default 2). */
  concurrency?: number;
  /** An SMTP exchange that has not finished within this is a failed attempt (default 60 s). */
  timeoutMs?: number;
  /** How long a claimed email stays claimed (default: the timeout plus 60 s). */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

/** Why an email could not be sent when no SMTP server is configured. */
export const EMAIL_NOT_CONFIGURED = 'email is not configured (ORGBRIDGE_SMTP_URL is not set)';

/**
 * Sends queued emails to the workspace's admin addresses, with the same claim, retry schedule
 * and 24-hour window as webhook deliveries. With no mailer (no `ORGBRIDGE_SMTP_URL`), due emails
 * are marked failed with {@link EMAIL_NOT_CONFIGURED} instead of piling up.
 */
export class EmailDispatcher {
  readonly #ctx: Pick<ConnectionsContext, 'db' | 'now'> & {
    config: Pick<ConnectionsContext['config'], 'publicUrl'>;
  };
  readonly #mailer: Mailer | null;
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #loop: DeliveryLoop;

  constructor(
    ctx: Pick<ConnectionsContext, 'db' | 'now'> & {
      config: Pick<ConnectionsContext['config'], 'publicUrl'>;
    },
    mailer: Mailer | null,
    options: EmailDispatcherOptions = {},
  ) {
    this.#ctx = ctx;
    this.#mailer = mailer;
    this.#concurrency = options.concurrency ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + 60_000;
    this.#onError = options.onError ?? (() => undefined);
    this.#loop = new DeliveryLoop(() => this.poll(), {
      intervalMs: options.intervalMs ?? 1000,
      onError: this.#onError,
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops polling, aborts sends in flight (retried later), and closes the mailer. */
  async stop(): Promise<void> {
    await this.#loop.stop();
    this.#mailer?.close();
  }

  idle(): Promise<void> {
    return this.#loop.idle();
  }

  /** Claims due emails for the free slots and starts sending them; returns how many started. */
  async poll(): Promise<number> {
    const free = this.#concurrency - this.#loop.inFlight;
    if (free <= 0) return 0;
    const repos = createRepositories(this.#ctx.db);
    const due = await repos.emailDeliveries.listDue(this.#ctx.now(), free);
    let started = 0;
    for (const email of due) {
      if (this.#loop.signal.aborted) break;
      const now = this.#ctx.now();
      if (
        !(await repos.emailDeliveries.claim(
          email.id,
          email.next_attempt_at,
          now + this.#leaseMs,
          now,
        ))
      )
        continue;
      started += 1;
      this.#loop.track(this.#attempt(email));
    }
    return started;
  }

  /** Polls and waits for the sends it started, until nothing is due; returns how many ran. */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const started = await this.poll();
      if (started === 0 && this.#loop.inFlight === 0) return total;
      total += started;
      await this.idle();
    }
  }

  async #attempt(email: DueEmailDelivery): Promise<void> {
    const attempts = email.attempts + 1;
    const repos = createRepositories(this.#ctx.db);
    let error: string | null = null;
    if (this.#mailer === null) {
      // Retrying cannot help until the operator configures SMTP and restarts.
      await repos.emailDeliveries.settle(email.id, attempts, {
        state: 'failed',
        next_attempt_at: null,
        last_error: EMAIL_NOT_CONFIGURED,
        delivered_at: null,
      });
      return;
    }
    try {
      const row = email.connection_id ? await repos.connections.find(email.connection_id) : null;
      const connection: EmailConnection | null = row
        ? { nickname: row.nickname, username: row.username, orgId: row.org_id }
        : null;
      const message = renderEmail(
        {
          type: email.event_type,
          connectionId: email.connection_id,
          occurredAt: email.occurred_at,
          data: JSON.parse(email.data) as Record<string, unknown>,
        },
        connection,
        this.#ctx.config.publicUrl,
      );
      if (message === null) {
        await repos.emailDeliveries.settle(email.id, attempts, {
          state: 'failed',
          next_attempt_at: null,
          last_error: `no email is written for ${email.event_type}`,
          delivered_at: null,
        });
        return;
      }
      await this.#mailer.send(
        { to: email.recipient, ...message },
        AbortSignal.any([this.#loop.signal, AbortSignal.timeout(this.#timeoutMs)]),
      );
    } catch (caught) {
      if (caught instanceof SmtpSendError) error = caught.message;
      else {
        this.#onError(caught);
        error = 'orgbridge could not send the email';
      }
    }
    const now = this.#ctx.now();
    await repos.emailDeliveries.settle(
      email.id,
      attempts,
      error === null
        ? deliveredAttempt(now)
        : failedAttempt(attempts, now, email.expires_at, error),
    );
  }
}
