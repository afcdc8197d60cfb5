import { createTransport, type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';

/**
 * An SMTP transport from SMTP_URL, read by nodemailer's own URL rules: `smtp://` starts plain and
 * upgrades with STARTTLS when the server offers it (`?requireTLS=true` refuses to go on without
 * it), `smtps://` is TLS from the first byte (port 465). Timeouts are short so that a dead mail
 * server costs a retry, not a worker stuck for minutes.
 */
export function createSmtpTransport(smtpUrl: string): Transporter<SMTPTransport.SentMessageInfo> {
  return createTransport(
    new SMTPTransport({
      url: smtpUrl,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      dnsTimeout: 15_000,
    }),
  );
}
