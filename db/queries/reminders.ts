import 'server-only';
import { and, asc, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { programmeDaysMaskOn } from '@/db/reminder-sql';
import { patientProfiles, pushSubscriptions, reminderPreferences } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import { env } from '@/lib/env';
import { mailEnabled } from '@/lib/mail/settings';
import { minutesOf, withinQuietHours } from '@/lib/reminders/clock';
import type { ReminderPreferences } from '@/lib/reminders/kinds';
import { checkPushEndpoint } from '@/lib/reminders/push-endpoint';
import { clinicReminderSettings, describeQuietHours } from '@/lib/reminders/settings';
import { vapidKeys } from '@/lib/reminders/vapid';
import type { PushSubscriptionInput, ReminderPreferencesInput } from '@/lib/validation/reminders';
import { invalid, notFound, ok, type Actor, type Outcome } from './actor';
import { visiblePatient } from './patient-access';

/** What the settings page shows a patient about their reminders. */
export interface OwnReminderSettings {
  /** Stored, or the clinic's defaults (off) when the patient never saved any. */
  preferences: ReminderPreferences;
  /** The days (bits) the programme in force today has exercises on; 0 without one. */
  programmeDaysMask: number;
  /** The days the form ticks: the patient's own choice, or the programme's. */
  daysMask: number;
  emailAvailable: boolean;
  /** The key a phone subscribes with; null when Web Push is off on this server. */
  vapidPublicKey: string | null;
  quietHours: string | null;
  eveningTime: string;
  /** How many phones have notifications on. */
  phones: number;
}

/** A phone can subscribe again and again (a reinstalled app); the oldest are let go past this. */
export const MAX_PHONES_PER_PATIENT = 10;

const preferenceColumns = {
  enabled: reminderPreferences.enabled,
  dailyTime: reminderPreferences.dailyTime,
  daysMask: reminderPreferences.daysMask,
  push: reminderPreferences.push,
  email: reminderPreferences.email,
  eveningNudge: reminderPreferences.eveningNudge,
};

/** The signed-in patient's reminder settings; not found for anyone else (staff have none). */
export async function getOwnReminderSettings(
  actor: Actor,
  today: IsoDate,
): Promise<Outcome<OwnReminderSettings>> {
  if (actor.role !== 'patient') return notFound;
  const db = await getDb();
  const clinic = clinicReminderSettings();
  const [[row], [programme], [phones]] = await Promise.all([
    db
      .select(preferenceColumns)
      .from(reminderPreferences)
      .where(eq(reminderPreferences.patientId, actor.id)),
    db.select({ mask: programmeDaysMaskOn(actor.id, today) }).from(sql`(select 1) as one`),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.patientId, actor.id)),
  ]);
  const preferences: ReminderPreferences = row ?? {
    enabled: false,
    dailyTime: clinic.defaultTime,
    daysMask: null,
    push: false,
    email: false,
    eveningNudge: true,
  };
  const programmeDaysMask = programme?.mask ?? 0;
  return ok({
    preferences,
    programmeDaysMask,
    daysMask: preferences.daysMask ?? programmeDaysMask,
    emailAvailable: mailEnabled(),
    vapidPublicKey: vapidKeys()?.publicKey ?? null,
    quietHours: describeQuietHours(clinic.quietHours),
    eveningTime: clinic.eveningTime,
    phones: phones?.count ?? 0,
  });
}

/**
 * The patient saves their reminder choices (or turns them off, keeping the choices). A time inside
 * the clinic's quiet hours is refused with a message, not moved: the patient should know when
 * their reminder comes. Days equal to the programme's are stored as "the programme's days", so
 * they follow a new programme.
 */
export async function saveOwnReminderPreferences(
  actor: Actor,
  input: ReminderPreferencesInput,
  today: IsoDate,
): Promise<Outcome<ReminderPreferences>> {
  if (actor.role !== 'patient') return notFound;
  const clinic = clinicReminderSettings();
  if (input.enabled && withinQuietHours(minutesOf(input.dailyTime), clinic.quietHours)) {
    return invalid(
      `Choose a time outside the quiet hours (${describeQuietHours(clinic.quietHours)}): no reminders are sent then.`,
      'dailyTime',
    );
  }
  if (input.enabled && input.email && !mailEnabled()) {
    return invalid(
      'E-mail is not set up at your clinic: choose notifications on this phone.',
      'channels',
    );
  }
  const db = await getDb();
  const [programme] = await db
    .select({ mask: programmeDaysMaskOn(actor.id, today) })
    .from(sql`(select 1) as one`);
  const programmeMask = programme?.mask ?? 0;
  const values = {
    enabled: input.enabled,
    dailyTime: input.dailyTime,
    daysMask: input.daysMask === 0 || input.daysMask === programmeMask ? null : input.daysMask,
    // Turning off keeps what was chosen, but the database insists on a channel only while on.
    push: input.push,
    email: input.email,
    eveningNudge: input.eveningNudge,
  };
  const [saved] = await db
    .insert(reminderPreferences)
    .values({ patientId: actor.id, ...values })
    .onConflictDoUpdate({
      target: reminderPreferences.patientId,
      set: { ...values, updatedAt: new Date() },
    })
    .returning(preferenceColumns);
  return saved ? ok(saved) : notFound;
}

/**
 * Keeps a phone's Web Push subscription for the signed-in patient. The endpoint is checked first
 * (lib/reminders/push-endpoint.ts): the server will post to it. A phone already known (the same
 * endpoint) moves to this patient, so a shared phone reminds whoever signed in last.
 */
export async function saveOwnPushSubscription(
  actor: Actor,
  input: PushSubscriptionInput,
): Promise<Outcome<{ id: string }>> {
  if (actor.role !== 'patient') return notFound;
  const verdict = checkPushEndpoint(input.endpoint, env().PUSH_ALLOWED_PRIVATE_ORIGINS);
  if (!verdict.ok) return invalid(verdict.message, 'endpoint');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pushSubscriptions)
      .values({
        patientId: actor.id,
        endpoint: input.endpoint,
        p256dh: input.p256dh,
        auth: input.auth,
      })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: {
          patientId: actor.id,
          p256dh: input.p256dh,
          auth: input.auth,
          createdAt: new Date(),
          lastError: null,
          lastFailureAt: null,
        },
      })
      .returning({ id: pushSubscriptions.id });
    if (!row) return notFound;
    const keep = tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.patientId, actor.id))
      .orderBy(sql`${pushSubscriptions.createdAt} desc`, asc(pushSubscriptions.id))
      .limit(MAX_PHONES_PER_PATIENT);
    await tx
      .delete(pushSubscriptions)
      .where(
        and(eq(pushSubscriptions.patientId, actor.id), notInArray(pushSubscriptions.id, keep)),
      );
    return ok(row);
  });
}

/** Forgets one of the signed-in patient's phones (notifications turned off on it). */
export async function removeOwnPushSubscription(
  actor: Actor,
  endpoint: string,
): Promise<Outcome<{ removed: boolean }>> {
  if (actor.role !== 'patient') return notFound;
  const db = await getDb();
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.patientId, actor.id), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return ok({ removed: removed.length > 0 });
}

/**
 * Whether reminders are on for a patient, for their record: on or off only, never the time, days
 * or channels. Under the one rule of who sees whom (a physio their own patients, an admin all).
 */
export async function remindersOnForPatient(
  actor: Actor,
  patientId: string,
): Promise<Outcome<boolean>> {
  const db = await getDb();
  const [row] = await db
    .select({ on: remindersOn(patientProfiles.userId) })
    .from(patientProfiles)
    .where(visiblePatient(actor, patientId));
  return row ? ok(row.on) : notFound;
}

/**
 * remindersOnForPatient as a column of a read of the patient's profile (the record page's): on
 * or off, nothing else of the patient's reminder settings.
 */
export function remindersOn(patientId: AnyPgColumn): SQL<boolean> {
  return sql<boolean>`coalesce((
    select ${reminderPreferences.enabled} from ${reminderPreferences}
    where ${reminderPreferences.patientId} = ${patientId}
  ), false)`;
}
