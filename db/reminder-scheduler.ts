import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { env } from '@/lib/env';
import { localClock } from '@/lib/reminders/clock';
import { dueReminders } from '@/lib/reminders/due';
import {
  REMINDER_URL,
  REMINDER_WORDING,
  type ReminderChannel,
  type ReminderKind,
} from '@/lib/reminders/kinds';
import { clinicReminderSettings, type ClinicReminderSettings } from '@/lib/reminders/settings';
import { vapidKeys } from '@/lib/reminders/vapid';
import { beforeDatabaseShutdown, getDb, type Database } from './client';
import { queueReminderMail } from './outbox';
import { createWebPushSender, type PushSender } from './push-delivery';
import { loggedOn, programmeDaysMaskOn } from './reminder-sql';
import {
  patientProfiles,
  pushSubscriptions,
  reminderPreferences,
  reminderSends,
  users,
} from './schema';

// The reminder scheduler. Every app server ticks once a minute: it decides which reminders are due
// (lib/reminders/due.ts) and records them, at most once per (patient, date, kind) by the unique
// index; then it claims recorded ones with FOR UPDATE SKIP LOCKED and a lease, so that of two
// servers ticking at the same instant exactly one sends each, and sends them by Web Push and/or
// e-mail (through the outbox, in the transaction that settles the send).

export interface ReminderSchedulerOptions {
  database?: () => Promise<Database>;
  /** The clock: tests pass a fixed instant. */
  now?: () => Date;
  settings?: ClinicReminderSettings;
  /** Null when Web Push is off on this server (no VAPID keys). */
  push: PushSender | null;
  /** Longer than a send can take, so a slow one is never claimed twice. */
  leaseSeconds?: number;
  batchSize?: number;
  log?: (message: string) => void;
}

export interface ReminderTick {
  /** Reminders this server found due and recorded (another server may record the rest). */
  decided: number;
  sent: number;
  /** Not reached this time (the push service could not be reached): tried again next tick. */
  retrying: number;
  failed: number;
  skipped: number;
}

export interface ReminderScheduler {
  tick(): Promise<ReminderTick>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export const REMINDER_TICK_MS = 60_000;
/**
 * A send tried this many times is given up: a push service that could not be reached is tried
 * again on the next ticks (a minute apart), and a server that stopped mid-send leaves its lease to lapse.
 */
const MAX_ATTEMPTS = 3;

export const SKIPPED_NO_PHONE = 'Not sent: no phone has notifications on.';
export const SKIPPED_PUSH_OFF = 'Not sent: Web Push is off on this server (no VAPID keys).';
export const SKIPPED_NO_EMAIL = 'Not sent: e-mail is not configured.';
export const SKIPPED_DAY_PASSED = 'Not sent: its day had passed.';

function channelOf(push: boolean, email: boolean): ReminderChannel {
  return push && email ? 'push_and_email' : push ? 'push' : 'email';
}

/** What the phone shows: no health detail beyond "time for your exercises". */
export function reminderPayload(kind: ReminderKind): string {
  return JSON.stringify({
    ...REMINDER_WORDING[kind],
    url: REMINDER_URL,
    kind,
    tag: 'adhere-reminder',
  });
}

interface Claimed {
  id: string;
  patientId: string;
  kind: ReminderKind;
  channel: ReminderChannel;
  attempts: number;
}

export function describeTick(result: ReminderTick): string {
  return `tick: ${result.decided} recorded as due here, ${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed, ${result.skipped} skipped`;
}

export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const database = options.database ?? getDb;
  const now = options.now ?? (() => new Date());
  const settings = options.settings ?? clinicReminderSettings();
  const leaseSeconds = options.leaseSeconds ?? 5 * 60;
  const batchSize = options.batchSize ?? 50;
  const log = options.log ?? ((message: string) => console.log(`Adhere reminders: ${message}`));

  /** Records the reminders due at `instant`; returns how many this call recorded. */
  async function decide(db: Database, instant: Date): Promise<number> {
    const clock = localClock(instant, settings.timeZone);
    const today = clock.date;
    const rows = await db
      .select({
        patientId: reminderPreferences.patientId,
        enabled: reminderPreferences.enabled,
        dailyTime: reminderPreferences.dailyTime,
        daysMask: reminderPreferences.daysMask,
        push: reminderPreferences.push,
        email: reminderPreferences.email,
        eveningNudge: reminderPreferences.eveningNudge,
        programmeDaysMask: programmeDaysMaskOn(sql`${reminderPreferences.patientId}`, today),
        discharged: sql<boolean>`coalesce(${patientProfiles.dischargedOn} <= ${today}::date, false)`,
        logged: loggedOn(sql`${reminderPreferences.patientId}`, today),
        recorded: sql<ReminderKind[]>`coalesce((
          select array_agg(rs.kind::text) from ${reminderSends} rs
          where rs.patient_id = ${reminderPreferences.patientId} and rs.on_date = ${today}::date
        ), '{}')`,
      })
      .from(reminderPreferences)
      .innerJoin(patientProfiles, eq(patientProfiles.userId, reminderPreferences.patientId))
      .innerJoin(users, eq(users.id, reminderPreferences.patientId))
      .where(and(eq(reminderPreferences.enabled, true), eq(users.active, true)));
    const due = rows.flatMap((row) =>
      dueReminders(clock, settings, {
        preferences: row,
        programmeDaysMask: Number(row.programmeDaysMask),
        discharged: row.discharged,
        loggedThatDay: row.logged,
        alreadyRecorded: row.recorded,
      }).map((kind) => ({
        patientId: row.patientId,
        onDate: today,
        kind,
        channel: channelOf(row.push, row.email),
      })),
    );
    if (due.length === 0) return 0;
    const inserted = await db
      .insert(reminderSends)
      .values(due)
      .onConflictDoNothing()
      .returning({ id: reminderSends.id });
    return inserted.length;
  }

  /** Claims recorded sends of today that no live lease holds (see the file's comment). */
  async function claim(
    db: Database,
    instant: Date,
    leaseId: string,
    exclude: string[],
  ): Promise<Claimed[]> {
    const today = localClock(instant, settings.timeZone).date;
    // Yesterday's leftovers (a server down over midnight) are not sent today.
    await db
      .update(reminderSends)
      .set({ status: 'skipped', error: SKIPPED_DAY_PASSED, leaseId: null, leaseUntil: null })
      .where(
        and(
          lt(reminderSends.onDate, today),
          or(
            eq(reminderSends.status, 'due'),
            and(eq(reminderSends.status, 'sending'), lt(reminderSends.leaseUntil, instant)),
          ),
        ),
      );
    const free = db
      .select({ id: reminderSends.id })
      .from(reminderSends)
      .where(
        and(
          eq(reminderSends.onDate, today),
          exclude.length > 0 ? notInArray(reminderSends.id, exclude) : undefined,
          or(
            eq(reminderSends.status, 'due'),
            and(eq(reminderSends.status, 'sending'), lt(reminderSends.leaseUntil, instant)),
          ),
        ),
      )
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return db
      .update(reminderSends)
      .set({
        status: 'sending',
        leaseId,
        leaseUntil: new Date(instant.getTime() + leaseSeconds * 1000),
        attempts: sql`${reminderSends.attempts} + 1`,
      })
      .where(inArray(reminderSends.id, free))
      .returning({
        id: reminderSends.id,
        patientId: reminderSends.patientId,
        kind: reminderSends.kind,
        channel: reminderSends.channel,
        attempts: reminderSends.attempts,
      });
  }

  /** Pushes to each of the patient's phones; forgets those that unsubscribed. */
  async function pushTo(db: Database, send: Claimed, push: PushSender) {
    const phones = await db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.patientId, send.patientId));
    let delivered = 0;
    const errors: string[] = [];
    for (const phone of phones) {
      const result = await push.send(phone, reminderPayload(send.kind));
      if (result.ok) {
        delivered += 1;
        await db
          .update(pushSubscriptions)
          .set({ lastSuccessAt: now(), lastError: null })
          .where(eq(pushSubscriptions.id, phone.id));
      } else if (result.gone) {
        await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, phone.id));
        log(`a phone of patient ${send.patientId} was forgotten: ${result.error}`);
      } else {
        errors.push(result.error);
        await db
          .update(pushSubscriptions)
          .set({ lastFailureAt: now(), lastError: result.error })
          .where(eq(pushSubscriptions.id, phone.id));
      }
    }
    return { phones: phones.length, delivered, errors };
  }

  async function deliver(
    db: Database,
    leaseId: string,
    send: Claimed,
  ): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
    if (send.attempts > MAX_ATTEMPTS) {
      await settle(db, leaseId, send, 'failed', 'Gave up: every attempt was interrupted.');
      return 'failed';
    }
    const wantsPush = send.channel !== 'email';
    const wantsEmail = send.channel !== 'push';
    const reasons: string[] = [];
    let delivered = false;
    let transient = false;
    if (wantsPush && !options.push) reasons.push(SKIPPED_PUSH_OFF);
    if (wantsPush && options.push) {
      const pushed = await pushTo(db, send, options.push);
      if (pushed.delivered > 0) delivered = true;
      else if (pushed.errors.length > 0) {
        transient = true;
        reasons.push(pushed.errors.join(' '));
      } else reasons.push(SKIPPED_NO_PHONE);
    }
    // The e-mail is queued in the transaction that settles the send: only the lease holder's
    // settlement commits, so a send claimed again after a lapsed lease never queues a second one.
    return db.transaction(async (tx) => {
      if (wantsEmail) {
        if (
          await queueReminderMail(tx, {
            patientId: send.patientId,
            evening: send.kind === 'evening',
          })
        ) {
          delivered = true;
        } else {
          reasons.push(SKIPPED_NO_EMAIL);
        }
      }
      const skippedOnly = reasons.every((r) =>
        [SKIPPED_NO_PHONE, SKIPPED_PUSH_OFF, SKIPPED_NO_EMAIL].includes(r),
      );
      // A reminder that reached no one because a push service could not be reached is tried
      // again on the next tick (nothing was queued: with an e-mail queued it counts as sent).
      if (!delivered && transient && send.attempts < MAX_ATTEMPTS) {
        const released = await tx
          .update(reminderSends)
          .set({
            status: 'due',
            leaseId: null,
            leaseUntil: null,
            error: reasons.join(' ').slice(0, 500),
          })
          .where(and(eq(reminderSends.id, send.id), eq(reminderSends.leaseId, leaseId)))
          .returning({ id: reminderSends.id });
        if (released.length === 0) tx.rollback();
        return 'retrying' as const;
      }
      const status = delivered ? 'sent' : skippedOnly ? 'skipped' : 'failed';
      const settled = await settle(tx, leaseId, send, status, delivered ? null : reasons.join(' '));
      if (!settled) {
        log(`reminder ${send.id} was sent after its lease had lapsed`);
        tx.rollback();
      }
      return status;
    });
  }

  async function settle(
    db: Pick<Database, 'update'>,
    leaseId: string,
    send: Claimed,
    status: 'sent' | 'failed' | 'skipped',
    error: string | null,
  ): Promise<boolean> {
    const rows = await db
      .update(reminderSends)
      .set({
        status,
        leaseId: null,
        leaseUntil: null,
        sentAt: status === 'sent' ? now() : null,
        error: error?.slice(0, 500) ?? null,
      })
      .where(and(eq(reminderSends.id, send.id), eq(reminderSends.leaseId, leaseId)))
      .returning({ id: reminderSends.id });
    return rows.length > 0;
  }

  async function tick(): Promise<ReminderTick> {
    const db = await database();
    const instant = now();
    const result: ReminderTick = {
      decided: await decide(db, instant),
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    };
    // A send put back for the next tick is not tried again in this one.
    const seen = new Set<string>();
    for (;;) {
      const leaseId = randomUUID();
      const claimed = await claim(db, instant, leaseId, [...seen]);
      for (const send of claimed) {
        seen.add(send.id);
        try {
          result[await deliver(db, leaseId, send)] += 1;
        } catch (error) {
          // Left to its lease: another tick claims it again once the lease has run out.
          if (!(error instanceof Error && error.message === 'Rollback')) {
            log(
              `reminder ${send.id} could not be settled: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
      }
      if (claimed.length < batchSize) return result;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  function start(intervalMs = REMINDER_TICK_MS) {
    stopped = false;
    const schedule = () => {
      if (stopped) return;
      // On the minute (plus a second), so a reminder at 18:00 goes at 18:00 and not 18:00:59.
      const wait = intervalMs - (Date.now() % intervalMs) + 1_000;
      timer = setTimeout(run, wait);
      timer.unref();
    };
    const run = () => {
      running = tick()
        .then((result) => {
          // One line for a tick that did something: which server sent what, for the operator.
          if (Object.values(result).some((n) => n > 0)) log(describeTick(result));
        })
        .catch((error: unknown) => {
          log(`tick failed: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(schedule);
    };
    schedule();
  }

  async function stop() {
    stopped = true;
    clearTimeout(timer);
    await running;
  }

  return { tick, start, stop };
}

const globalForReminders = globalThis as unknown as { adhereReminders?: ReminderScheduler };

/**
 * Starts this server's reminder scheduler (instrumentation.ts). Without VAPID keys Web Push is off
 * and says so once: production never generates keys (lib/reminders/vapid.ts).
 */
export function startReminderScheduler(): void {
  if (globalForReminders.adhereReminders) return;
  const keys = vapidKeys();
  if (!keys) {
    console.log(
      'Adhere reminders: Web Push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to send notifications (reminders by e-mail still go when e-mail is configured).',
    );
  }
  const allowedPrivateOrigins = env().PUSH_ALLOWED_PRIVATE_ORIGINS;
  if (keys && allowedPrivateOrigins.length > 0) {
    // An exception to the rule that pushes go to public https hosts only: said where it is seen.
    console.log(
      `Adhere reminders: pushes may also go to ${allowedPrivateOrigins.join(', ')} (PUSH_ALLOWED_PRIVATE_ORIGINS).`,
    );
  }
  const scheduler = createReminderScheduler({
    push: keys ? createWebPushSender({ keys, allowedPrivateOrigins }) : null,
  });
  globalForReminders.adhereReminders = scheduler;
  scheduler.start();
  beforeDatabaseShutdown(stopReminderScheduler);
}

export async function stopReminderScheduler(): Promise<void> {
  const scheduler = globalForReminders.adhereReminders;
  globalForReminders.adhereReminders = undefined;
  await scheduler?.stop();
}
