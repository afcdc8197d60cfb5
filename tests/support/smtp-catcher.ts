import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** Everything the server received, headers included. */
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpCatcher {
  port: number;
  /** SMTP_URL for this server, with the credentials it accepts. */
  url: string;
  user: string;
  password: string;
  messages: CaughtMail[];
  stop(): Promise<void>;
}

/**
 * An in-process SMTP server (the `smtp-server` package) that requires a login, as a clinic's mail
 * server would, and keeps what it receives. `delayMs` holds each message before accepting it, so
 * that concurrent senders overlap.
 */
export async function startSmtpCatcher(
  options: { port?: number; delayMs?: number; refuseRecipients?: boolean } = {},
): Promise<SmtpCatcher> {
  const user = 'adhere-mailer';
  const password = 'mail-server-s3cret!';
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (!options.refuseRecipients) return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox`), {
        responseCode: 550,
      });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          setTimeout(() => {
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
              raw: raw.toString('utf8'),
              parsed,
            });
            callback();
          }, options.delayMs ?? 0);
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The set-password link in a message's text. */
export function linkIn(mail: CaughtMail): string {
  const match = /https?:\/\/\S+\/set-password\/[\w-]+/.exec(mail.text);
  if (!match) throw new Error(`no set-password link in:\n${mail.text}`);
  return match[0];
}
