import { env, type Env } from '@/lib/env';

export interface MailSettings {
  smtpUrl: string;
  from: string;
  /** The display name of MAIL_FROM ("Riverside Physiotherapy"), used in the messages' wording. */
  clinicName: string | null;
}

/** `"Riverside Physiotherapy" <adhere@…>` → `Riverside Physiotherapy`; a bare address has none. */
export function clinicNameFrom(from: string): string | null {
  const match = /^(.*?)\s*<[^<>]+>$/.exec(from.trim());
  const name = match?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  return name ? name : null;
}

/** E-mail is on when SMTP_URL and MAIL_FROM are set (lib/env.ts refuses one without the other). */
export function mailSettings(config: Env = env()): MailSettings | null {
  if (!config.SMTP_URL || !config.MAIL_FROM) return null;
  return {
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    clinicName: clinicNameFrom(config.MAIL_FROM),
  };
}

export function mailEnabled(): boolean {
  return mailSettings() !== null;
}

/** What must never appear in a stored error or a log line: the SMTP credentials. */
export function smtpCredentials(smtpUrl: string): string[] {
  const url = new URL(smtpUrl);
  return [url.username, url.password]
    .filter((part) => part.length > 0)
    .flatMap((part) => {
      const decoded = safeDecode(part);
      return decoded === part ? [part] : [part, decoded];
    });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
