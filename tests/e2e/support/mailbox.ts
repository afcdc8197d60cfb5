import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

// The e2e harness (scripts/e2e-server.mjs) runs an in-process SMTP server that writes each
// message the app sends to this folder.
const mailDir = path.resolve(`.data/e2e-${process.env.E2E_PORT ?? '3100'}/mail`);

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

async function readAll(): Promise<ReceivedMail[]> {
  const files = (await readdir(mailDir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(await readFile(path.join(mailDir, file)));
      const to = Array.isArray(parsed.to)
        ? parsed.to.map((a) => a.text).join(', ')
        : parsed.to?.text;
      return { to: to ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' };
    }),
  );
}

/** The messages that reached the mail server for an address, once at least one has. */
export async function waitForMailTo(address: string, timeoutMs = 30_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await readAll()).filter((mail) => mail.to.includes(address));
    if (mails.length > 0) return mails;
    if (Date.now() > deadline) throw new Error(`no e-mail to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
