// `npm run admin:create -- --email E --name "N"`: creates an admin account and prints its
// one-time set-password link (and e-mails it when SMTP_URL is set); with --new-link instead of
// --name, a new link for an existing admin. Run with the react-server condition (see
// package.json) because it calls the data layer, which is marked server-only.
import './load-env';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDatabase } from '@/db/client';
import { mailWorkerFromEnv } from '@/db/mail-worker';
import {
  createAdminFromCommandLine,
  issueAdminLinkFromCommandLine,
} from '@/db/queries/command-line-admin';
import { SET_PASSWORD_LINK_DAYS } from '@/db/queries/set-password';
import { env } from '@/lib/env';
import { setPasswordLink } from '@/lib/public-url';
import { addPatientSchema } from '@/lib/validation/patient';

const USAGE = `Usage: npm run admin:create -- --email EMAIL --name "FULL NAME"
       npm run admin:create -- --email EMAIL --new-link

Creates an admin account (or, with --new-link, a new link for an existing admin who lost their
password) and prints a one-time set-password link built from NEXTAUTH_URL; the link is also
e-mailed when SMTP_URL and MAIL_FROM are set. Uses the PostgreSQL database in DATABASE_URL, or
else the embedded database in PGLITE_DIR (stop the server first: the embedded database can be
opened by one process at a time).`;

/** Exit codes: 0 done, 1 refused (e.g. the email is taken) or failed, 2 wrong arguments. */
const EXIT_REFUSED = 1;
const EXIT_USAGE = 2;

const email = z
  .string('Give the admin’s email address with --email.')
  .pipe(addPatientSchema.shape.email);

const name = z
  .string('Give the admin’s name with --name "Full Name".')
  .trim()
  .min(1, 'Give the admin’s name with --name "Full Name".')
  .max(120, 'The name can be at most 120 characters.');

const newAdminSchema = z.object({ email, name });
const newLinkSchema = z.object({ email });

type Command =
  | ({ newLink: false } & z.infer<typeof newAdminSchema>)
  | ({ newLink: true } & z.infer<typeof newLinkSchema>);

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

function readArguments(): Command {
  let values: { email?: string; name?: string; 'new-link'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        'new-link': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const newLink = values['new-link'] === true;
  if (newLink && values.name !== undefined) {
    usageError('Give either --name (a new admin) or --new-link (an existing admin), not both.');
  }
  const parsed = (newLink ? newLinkSchema : newAdminSchema).safeParse(values);
  if (!parsed.success) usageError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  return { ...parsed.data, newLink } as Command;
}

/** E-mails the link right away when e-mail is configured, and says what happened. */
async function emailLink(address: string, mailId: string | null) {
  const worker = mailId
    ? mailWorkerFromEnv({ log: (message) => console.log(`E-mail: ${message}`) })
    : null;
  if (!worker || !mailId) {
    console.log('E-mail is not configured (SMTP_URL), so hand this link to the admin yourself.');
    return;
  }
  const run = await worker.deliverDue({ onlyId: mailId });
  console.log(
    run.sent > 0
      ? `The link has also been e-mailed to ${address}.`
      : 'The link could not be e-mailed yet. The app server retries it while it runs; the account page shows its delivery.',
  );
}

async function main() {
  const input = readArguments();
  const config = env();
  const outcome = input.newLink
    ? await issueAdminLinkFromCommandLine(input.email)
    : await createAdminFromCommandLine(input);
  if (!outcome.ok) {
    const message = outcome.reason === 'invalid' ? outcome.message : 'Nothing could be done.';
    console.error(
      input.newLink
        ? `${message} (${input.email})`
        : `${message} Nothing was created. (${input.email})\nTo give an existing admin a new set-password link, use --new-link instead of --name.`,
    );
    await closeDatabase();
    process.exit(EXIT_REFUSED);
  }
  const { token, mailId } = outcome.value;
  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : config.PGLITE_DIR;
  const who = outcome.value.name;
  console.log(
    input.newLink
      ? `New set-password link for ${who} <${input.email}> in ${where}; earlier links no longer work.`
      : `Admin account created for ${who} <${input.email}> in ${where}.`,
  );
  console.log(
    `\nSet-password link (it works once, for ${SET_PASSWORD_LINK_DAYS} days; only its fingerprint is stored):\n\n  ${setPasswordLink(token)}\n`,
  );
  if (!process.env.NEXTAUTH_URL) {
    console.log(
      `NEXTAUTH_URL is not set, so the link starts with ${config.NEXTAUTH_URL}. If Adhere is served at another address, open the same /set-password/… path there, and set NEXTAUTH_URL.\n`,
    );
  }
  await emailLink(input.email, mailId);
  await closeDatabase();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDatabase().catch(() => {});
  process.exit(EXIT_REFUSED);
});
