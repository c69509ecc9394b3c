import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received and parsed it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The whole message as sent over SMTP. */
  raw: string;
  /** The user name the client logged in with. */
  user: string | null;
}

export interface SmtpSink {
  /** `smtp://user:password@127.0.0.1:PORT` */
  url: string;
  password: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a free loopback port that requires a login and parses what
 * it receives (mailparser). Plain SMTP: STARTTLS is off, as for a relay on loopback.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const password = 'smtp-Pa55-' + Math.random().toString(36).slice(2);
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === password)
        callback(null, { user: auth.username });
      else callback(new Error('invalid login'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              raw,
              user: typeof session.user === 'string' ? session.user : null,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://mailer:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    password,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
