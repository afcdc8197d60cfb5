import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { dateInZone } from '@/lib/dates';
import { env } from '@/lib/env';
import { formatDate } from '@/lib/format';
import {
  describeDeliveryFailure,
  MAIL_MAX_ATTEMPTS,
  MAIL_RETRY_BASE_SECONDS,
  MAIL_RETRY_CAP_SECONDS,
  retryDelaySeconds,
} from '@/lib/mail/delivery';
import { reminderMessage, setPasswordMessage } from '@/lib/mail/messages';
import { carriesLink } from '@/lib/mail/purposes';
import { REMINDER_URL } from '@/lib/reminders/kinds';
import { openSealedToken, outboxBinding } from '@/lib/mail/sealed-token';
import { mailSettings, smtpCredentials } from '@/lib/mail/settings';
import { createSmtpTransport } from '@/lib/mail/transport';
import { publicUrl, setPasswordLink } from '@/lib/public-url';
import { beforeDatabaseShutdown, getDb, type Database } from './client';
import {
  cancelStaleMail,
  claimDueMail,
  recordMailFailure,
  recordMailSent,
  type ClaimedMail,
} from './outbox';

export interface MailWorkerOptions {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  clinicName: string | null;
  /** The secret the links were sealed with (NEXTAUTH_SECRET). */
  secret: string;
  /** Strings that must never be stored or logged (the SMTP credentials). */
  secrets?: readonly string[];
  database?: () => Promise<Database>;
  maxAttempts?: number;
  retryBaseSeconds?: number;
  retryCapSeconds?: number;
  /** Longer than the transport's timeouts, so a slow send is never claimed twice. */
  leaseSeconds?: number;
  batchSize?: number;
  log?: (message: string) => void;
}

export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

export interface MailWorker {
  /** Sends everything due now (or only the given message) and returns what happened. */
  deliverDue(options?: { onlyId?: string }): Promise<DeliveryRun>;
  /** Polls every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  /** Stops polling and waits for a delivery in progress to finish. */
  stop(): Promise<void>;
}

export const MAIL_POLL_MS = 3_000;

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const database = options.database ?? getDb;
  const maxAttempts = options.maxAttempts ?? MAIL_MAX_ATTEMPTS;
  const leaseSeconds = options.leaseSeconds ?? 10 * 60;
  const batchSize = options.batchSize ?? 20;
  const log = options.log ?? ((message: string) => console.log(`Adhere mail: ${message}`));
  const messageIdHost = new URL(env().NEXTAUTH_URL).hostname || 'adhere';

  async function deliverOne(
    db: Database,
    leaseId: string,
    mail: ClaimedMail,
  ): Promise<keyof DeliveryRun> {
    const fail = async (error: string, retryInSeconds: number | null) => {
      await recordMailFailure(db, { id: mail.id, leaseId, error, retryInSeconds });
      log(
        `message ${mail.id} attempt ${mail.attempts} failed (${retryInSeconds === null ? 'giving up' : `retry in ${retryInSeconds} s`}): ${error}`,
      );
      return retryInSeconds === null ? 'failed' : 'retrying';
    };
    /** Sends the message; `confidential` never goes into a stored error (the link and its token). */
    const send = async (
      content: { subject: string; text: string },
      confidential: string[],
    ): Promise<keyof DeliveryRun> => {
      try {
        await options.transport.sendMail({
          from: options.from,
          to: mail.toAddress,
          subject: content.subject,
          text: content.text,
          // The same id on a resend (after a lost acknowledgement) lets mail clients fold duplicates.
          messageId: `<${mail.id}@${messageIdHost}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const failure = describeDeliveryFailure(error, [
          ...confidential,
          ...(options.secrets ?? []),
        ]);
        const retry =
          failure.permanent || mail.attempts >= maxAttempts
            ? null
            : retryDelaySeconds(
                mail.attempts,
                options.retryBaseSeconds ?? MAIL_RETRY_BASE_SECONDS,
                options.retryCapSeconds ?? MAIL_RETRY_CAP_SECONDS,
              );
        return fail(failure.message, retry);
      }
      if (!(await recordMailSent(db, { id: mail.id, leaseId }))) {
        log(`message ${mail.id} was sent after its lease had lapsed`);
      }
      return 'sent';
    };
    // A sender that stopped mid-send leaves its lease to lapse; past the limit it is not retried.
    if (mail.attempts > maxAttempts) {
      return fail('Gave up: every attempt was interrupted before it finished.', null);
    }
    if (!carriesLink(mail.purpose)) {
      return send(
        reminderMessage({
          recipientName: mail.recipientName,
          clinicName: options.clinicName,
          evening: mail.purpose === 'evening_reminder',
          link: publicUrl(REMINDER_URL),
        }),
        [],
      );
    }
    if (!mail.sealedToken || !mail.linkExpiresAt) {
      return fail('The link could not be read. Issue a new link.', null);
    }
    const token = openSealedToken(
      mail.sealedToken,
      options.secret,
      outboxBinding(mail.id, mail.toAddress),
    );
    if (!token) {
      return fail(
        'The link could not be read (NEXTAUTH_SECRET differs from when it was queued). Issue a new link.',
        null,
      );
    }
    const link = setPasswordLink(token);
    const content = setPasswordMessage({
      purpose: mail.purpose,
      recipientName: mail.recipientName,
      link,
      clinicName: options.clinicName,
      expiresOn: formatDate(dateInZone(mail.linkExpiresAt, env().APP_TIMEZONE)),
    });
    return send(content, [token, link]);
  }

  async function deliverDue(run: { onlyId?: string } = {}): Promise<DeliveryRun> {
    const db = await database();
    const result: DeliveryRun = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
    result.cancelled = await cancelStaleMail(db);
    for (;;) {
      const leaseId = randomUUID();
      const claimed = await claimDueMail(db, {
        leaseId,
        leaseSeconds,
        limit: batchSize,
        onlyId: run.onlyId,
      });
      for (const mail of claimed) result[await deliverOne(db, leaseId, mail)] += 1;
      if (claimed.length < batchSize) return result;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  function start(intervalMs: number) {
    stopped = false;
    const tick = () => {
      running = deliverDue()
        .catch((error: unknown) => {
          // The database or the network is down: the messages stay queued for the next round.
          log(
            `delivery round failed: ${describeDeliveryFailure(error, options.secrets ?? []).message}`,
          );
        })
        .finally(() => {
          if (!stopped) {
            timer = setTimeout(tick, intervalMs);
            timer.unref();
          }
        });
    };
    tick();
  }

  async function stop() {
    stopped = true;
    clearTimeout(timer);
    await running;
  }

  return { deliverDue, start, stop };
}

/** A worker configured from SMTP_URL, MAIL_FROM and NEXTAUTH_SECRET, or null without SMTP. */
export function mailWorkerFromEnv(
  overrides: Pick<MailWorkerOptions, 'log'> = {},
): MailWorker | null {
  const settings = mailSettings();
  if (!settings) return null;
  return createMailWorker({
    transport: createSmtpTransport(settings.smtpUrl),
    from: settings.from,
    clinicName: settings.clinicName,
    secret: env().NEXTAUTH_SECRET,
    secrets: smtpCredentials(settings.smtpUrl),
    ...overrides,
  });
}

// One worker per process, kept on globalThis like the database (dev reloads, separate bundles).
const globalForMail = globalThis as unknown as { adhereMailWorker?: MailWorker };

/** Starts this server's outbox worker when e-mail is configured; returns whether it did. */
export function startMailWorker(): boolean {
  if (globalForMail.adhereMailWorker) return true;
  const worker = mailWorkerFromEnv();
  if (!worker) return false;
  globalForMail.adhereMailWorker = worker;
  worker.start(MAIL_POLL_MS);
  beforeDatabaseShutdown(stopMailWorker);
  return true;
}

/** For a graceful shutdown: stop claiming messages and let a send in progress finish. */
export async function stopMailWorker(): Promise<void> {
  const worker = globalForMail.adhereMailWorker;
  globalForMail.adhereMailWorker = undefined;
  await worker?.stop();
}
