import { createTransport } from 'nodemailer';
import { isLoopbackHost } from '../config.ts';
import type { Mailer, OutgoingEmail } from './mailer.ts';

/** The failure of one send, in words safe for the delivery log (no password, no URL). */
export class SmtpSendError extends Error {
  readonly smtpCode: string | null;
  readonly responseCode: number | null;

  constructor(message: string, smtpCode: string | null, responseCode: number | null) {
    super(message);
    this.name = 'SmtpSendError';
    this.smtpCode = smtpCode;
    this.responseCode = responseCode;
  }
}

/**
 * Email over SMTP with nodemailer, from `ORGBRIDGE_SMTP_URL`: `smtp://user:pass@host:587`
 * (STARTTLS, required unless the host is loopback, so the password and the mail never travel
 * in clear) or `smtps://…:465` (TLS from the start). The URL's password is used only to log in;
 * errors are rewritten so that it never reaches a log or the delivery table.
 */
export class SmtpMailer implements Mailer {
  readonly #transport: ReturnType<typeof createTransport>;
  readonly #password: string;

  constructor(config: { url: string; from: string; timeoutMs?: number }) {
    const url = new URL(config.url);
    const secure = url.protocol === 'smtps:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    this.#password = decodeURIComponent(url.password);
    const timeoutMs = config.timeoutMs ?? 30_000;
    this.#transport = createTransport(
      {
        host,
        port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
        secure,
        requireTLS: !secure && !isLoopbackHost(host),
        ...(url.username === ''
          ? {}
          : { auth: { user: decodeURIComponent(url.username), pass: this.#password } }),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      },
      { from: config.from },
    );
  }

  async send(email: OutgoingEmail, signal: AbortSignal): Promise<void> {
    try {
      await this.#transport.sendMail({ ...email, signal });
    } catch (error) {
      throw this.#scrub(error);
    }
  }

  #scrub(error: unknown): SmtpSendError {
    const e = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : null;
    const responseCode = typeof e?.responseCode === 'number' ? e.responseCode : null;
    let message = typeof e?.message === 'string' ? e.message : 'sending failed';
    if (this.#password !== '') message = message.split(this.#password).join('***');
    return new SmtpSendError(
      `SMTP ${[code, responseCode].filter((x) => x !== null).join(' ')}: ${message}`.slice(0, 500),
      code,
      responseCode,
    );
  }

  close(): void {
    this.#transport.close();
  }
}
