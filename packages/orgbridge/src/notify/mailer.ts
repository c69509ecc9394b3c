/** One email to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends emails (the port the email dispatcher calls; `SmtpMailer` is the real one). `send`
 * resolves once the server accepted the message and rejects with a secret-free error otherwise.
 */
export interface Mailer {
  send(email: OutgoingEmail, signal: AbortSignal): Promise<void>;
  close(): void;
}
