import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import webPush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mailWorkerFromEnv } from '@/db/mail-worker';
import { createWebPushSender } from '@/db/push-delivery';
import {
  getOwnReminderSettings,
  remindersOnForPatient,
  removeOwnPushSubscription,
  saveOwnPushSubscription,
  saveOwnReminderPreferences,
} from '@/db/queries/reminders';
import { createReminderScheduler, SKIPPED_NO_PHONE } from '@/db/reminder-scheduler';
import type { Database } from '@/db/client';
import type { Actor } from '@/db/queries/actor';
import {
  completions,
  exercises,
  mailOutbox,
  painReports,
  patientProfiles,
  pushSubscriptions,
  reminderSends,
  routineItems,
  routines,
} from '@/db/schema';
import { minutesOf, parseQuietHours } from '@/lib/reminders/clock';
import type { ClinicReminderSettings } from '@/lib/reminders/settings';
import { maskFromWeekdays } from '@/lib/weekdays';
import type { ReminderPreferencesInput } from '@/lib/validation/reminders';
import { startPushReceiver, type PushReceiver } from '../support/push-receiver';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher';
import { openAnotherConnection, setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

const db = setupTestDatabase();

const LONDON = 'Europe/London';
const MAIL_FROM = 'Riverside Physiotherapy <adhere@riverside.example>';
const vapid = { ...webPush.generateVAPIDKeys(), subject: 'mailto:it@riverside.example' };
const clinic: ClinicReminderSettings = {
  timeZone: LONDON,
  defaultTime: '18:00',
  eveningTime: '20:30',
  eveningMinutes: minutesOf('20:30'),
  quietHours: parseQuietHours('21:30-07:30'),
  graceMinutes: 60,
};

// Wednesday 1 July 2026, British Summer Time: 18:00 in the clinic is 17:00 UTC.
const WEDNESDAY = '2026-07-01';
const THURSDAY = '2026-07-02';
const utc = (iso: string) => new Date(iso);

let receiver: PushReceiver;
let catcher: SmtpCatcher;

beforeAll(async () => {
  receiver = await startPushReceiver();
  catcher = await startSmtpCatcher();
  vi.stubEnv('APP_TIMEZONE', LONDON);
  vi.stubEnv('SMTP_URL', catcher.url);
  vi.stubEnv('MAIL_FROM', MAIL_FROM);
  vi.stubEnv('NEXTAUTH_URL', 'https://adhere.riverside.example');
  vi.stubEnv('NEXTAUTH_SECRET', 'reminders-integration-secret-0123456789abcdef');
  vi.stubEnv('PUSH_ALLOWED_PRIVATE_ORIGINS', receiver.origin);
});

afterAll(async () => {
  await receiver.stop();
  await catcher.stop();
  vi.unstubAllEnvs();
});

beforeEach(async () => {
  // Each test's patients start the day with nothing sent.
  receiver.pushes.length = 0;
  catcher.messages.length = 0;
});

const sender = () => createWebPushSender({ keys: vapid, allowedPrivateOrigins: [receiver.origin] });

function schedulerAt(instant: () => Date, database?: Database) {
  return createReminderScheduler({
    now: instant,
    settings: clinic,
    push: sender(),
    log: () => {},
    ...(database ? { database: async () => database } : {}),
  });
}

/** One tick of a scheduler at a fixed instant. */
const tickAt = (iso: string, database?: Database) => schedulerAt(() => utc(iso), database).tick();

const choices = (overrides: Partial<ReminderPreferencesInput> = {}): ReminderPreferencesInput => ({
  enabled: true,
  dailyTime: '18:00',
  daysMask: maskFromWeekdays([1, 3, 5]),
  push: true,
  email: false,
  eveningNudge: true,
  ...overrides,
});

/** A patient whose programme has exercises on Monday, Wednesday and Friday, with a phone. */
async function patientWithPhone(overrides: Partial<ReminderPreferencesInput> = {}) {
  const physio = await createUser(db(), { role: 'physio' });
  const patient = await createPatient(db(), physio);
  const [exercise] = await db()
    .insert(exercises)
    .values({
      name: 'Bird dog',
      bodyRegion: 'core',
      instructions: '1. Kneel on all fours.',
      defaultSets: 2,
      defaultReps: 8,
      authorId: physio.id,
    })
    .returning();
  const [routine] = await db()
    .insert(routines)
    .values({ patientId: patient.id, createdBy: physio.id, title: 'Core', startDate: '2026-06-01' })
    .returning();
  const [item] = await db()
    .insert(routineItems)
    .values({
      routineId: routine!.id,
      exerciseId: exercise!.id,
      position: 0,
      sets: 2,
      reps: 8,
      daysMask: maskFromWeekdays([1, 3, 5]),
    })
    .returning();
  const saved = await saveOwnReminderPreferences(patient, choices(overrides), WEDNESDAY);
  expect(saved.ok).toBe(true);
  const phone = receiver.phone();
  const subscribed = await saveOwnPushSubscription(patient, phone);
  expect(subscribed.ok).toBe(true);
  return { physio, patient, phone, item: item! };
}

async function sendsOf(patient: Actor) {
  return db().select().from(reminderSends).where(eq(reminderSends.patientId, patient.id));
}

const DAILY_PAYLOAD = {
  title: 'Adhere',
  body: 'Time for your exercises.',
  url: '/patient',
  kind: 'daily',
  tag: 'adhere-reminder',
};

describe('reminder choices', () => {
  it('a time inside quiet hours is refused with the reason, and nothing is stored', async () => {
    const physio = await createUser(db(), { role: 'physio' });
    const patient = await createPatient(db(), physio);
    const outcome = await saveOwnReminderPreferences(
      patient,
      choices({ dailyTime: '22:00' }),
      WEDNESDAY,
    );
    expect(outcome).toEqual({
      ok: false,
      reason: 'invalid',
      field: 'dailyTime',
      message:
        'Choose a time outside the quiet hours (21:30 to 07:30): no reminders are sent then.',
    });
    expect(await remindersOnForPatient(physio, patient.id)).toEqual({ ok: true, value: false });
  });

  it("days equal to the programme's follow the programme; the physio sees on or off, only for their own patients", async () => {
    const { physio, patient } = await patientWithPhone();
    const settings = await getOwnReminderSettings(patient, WEDNESDAY);
    if (!settings.ok) throw new Error('no settings');
    expect(settings.value.preferences.daysMask).toBeNull();
    expect(settings.value.daysMask).toBe(maskFromWeekdays([1, 3, 5]));
    expect(settings.value.phones).toBe(1);
    expect(await remindersOnForPatient(physio, patient.id)).toEqual({ ok: true, value: true });
    const otherPhysio = await createUser(db(), { role: 'physio' });
    expect(await remindersOnForPatient(otherPhysio, patient.id)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await saveOwnReminderPreferences(physio, choices(), WEDNESDAY)).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('a push address on a private host is refused; another patient cannot remove a phone', async () => {
    const { patient, phone } = await patientWithPhone();
    for (const endpoint of [
      'http://10.0.0.8/push',
      'https://169.254.169.254/latest',
      'https://localhost/x',
    ]) {
      const outcome = await saveOwnPushSubscription(patient, { ...phone, endpoint });
      expect(outcome.ok, endpoint).toBe(false);
    }
    const physio = await createUser(db(), { role: 'physio' });
    const other = await createPatient(db(), physio);
    expect(await removeOwnPushSubscription(other, phone.endpoint)).toEqual({
      ok: true,
      value: { removed: false },
    });
    const rows = await db()
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.patientId, patient.id));
    expect(rows).toHaveLength(1);
  });
});

describe('the reminder scheduler, with a fake clock', () => {
  it('pushes at the clinic-local time, once; the payload says only that it is time, and opens Today', async () => {
    const { patient, phone } = await patientWithPhone();
    expect((await tickAt(`${WEDNESDAY}T16:59:00Z`)).decided).toBe(0);
    expect(phone.received()).toEqual([]);

    const run = await tickAt(`${WEDNESDAY}T17:00:00Z`);
    expect(run.sent).toBeGreaterThanOrEqual(1);
    expect(phone.received()).toEqual([DAILY_PAYLOAD]);
    const [push] = receiver.pushes.filter((p) => phone.endpoint.endsWith(p.path));
    // Signed with the server's VAPID key, for the push service's origin.
    expect(push!.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
    expect(push!.headers.authorization).toContain(vapid.publicKey);
    expect(push!.headers['content-encoding']).toBe('aes128gcm');

    await tickAt(`${WEDNESDAY}T17:01:00Z`);
    await tickAt(`${WEDNESDAY}T17:30:00Z`);
    expect(phone.received()).toHaveLength(1);
    expect(await sendsOf(patient)).toMatchObject([
      { onDate: WEDNESDAY, kind: 'daily', channel: 'push', status: 'sent', leaseId: null },
    ]);
    const [subscription] = await db()
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.patientId, patient.id));
    expect(subscription!.lastSuccessAt).not.toBeNull();
  });

  it('none on a day the programme has no exercises, or the patient did not choose', async () => {
    const { phone } = await patientWithPhone({ daysMask: maskFromWeekdays([1]) });
    await tickAt(`${THURSDAY}T17:00:00Z`); // no exercises on Thursdays
    await tickAt(`${WEDNESDAY}T17:00:00Z`); // exercises, but the patient chose Monday only
    expect(phone.received()).toEqual([]);
    await tickAt('2026-07-06T17:00:00Z'); // Monday
    expect(phone.received()).toEqual([DAILY_PAYLOAD]);
  });

  it('the evening nudge only when nothing was logged that day', async () => {
    const logged = await patientWithPhone();
    const idle = await patientWithPhone();
    await tickAt(`${WEDNESDAY}T17:00:00Z`);
    // The first patient ticks an exercise after the reminder; the second a pain score only.
    await db().insert(completions).values({
      patientId: logged.patient.id,
      routineItemId: logged.item.id,
      performedOn: WEDNESDAY,
      idempotencyKey: randomUUID(),
    });
    const painOnly = await patientWithPhone();
    await tickAt(`${WEDNESDAY}T17:00:00Z`);
    await db().insert(painReports).values({
      patientId: painOnly.patient.id,
      reportedOn: WEDNESDAY,
      score: 3,
      idempotencyKey: randomUUID(),
    });
    await tickAt(`${WEDNESDAY}T19:30:00Z`); // 20:30 BST
    expect(logged.phone.received()).toEqual([DAILY_PAYLOAD]);
    expect(painOnly.phone.received()).toEqual([DAILY_PAYLOAD]);
    expect(idle.phone.received()).toEqual([
      DAILY_PAYLOAD,
      expect.objectContaining({ kind: 'evening', url: '/patient' }),
    ]);
  });

  it('at most two a day, none in quiet hours: a tick every five minutes from midnight to midnight', async () => {
    const { patient, phone } = await patientWithPhone();
    for (let minute = 0; minute < 24 * 60; minute += 5) {
      await schedulerAt(
        () => new Date(Date.parse(`${WEDNESDAY}T00:00:00+01:00`) + minute * 60_000),
      ).tick();
    }
    expect(await sendsOf(patient)).toMatchObject([{ status: 'sent' }, { status: 'sent' }]);
    expect(phone.received().map((p) => (p as { kind: string }).kind)).toEqual(['daily', 'evening']);
  });

  it('none when turned off; none after discharge', async () => {
    const off = await patientWithPhone();
    await saveOwnReminderPreferences(off.patient, choices({ enabled: false }), WEDNESDAY);
    const discharged = await patientWithPhone();
    await db()
      .update(patientProfiles)
      .set({ dischargedOn: '2026-06-30' })
      .where(eq(patientProfiles.userId, discharged.patient.id));
    await tickAt(`${WEDNESDAY}T17:00:00Z`);
    await tickAt(`${WEDNESDAY}T19:30:00Z`);
    expect(off.phone.received()).toEqual([]);
    expect(discharged.phone.received()).toEqual([]);
    expect(await sendsOf(off.patient)).toEqual([]);
  });

  it('a phone that unsubscribed (410) is forgotten; with no phone left the send is skipped', async () => {
    const { patient, phone } = await patientWithPhone();
    receiver.answer(phone.endpoint, 410);
    await tickAt(`${WEDNESDAY}T17:00:00Z`);
    expect(
      await db()
        .select()
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.patientId, patient.id)),
    ).toEqual([]);
    expect(await sendsOf(patient)).toMatchObject([{ status: 'skipped', error: SKIPPED_NO_PHONE }]);
  });

  it('a push service that fails (503) is tried again on the next tick, and the reminder arrives once', async () => {
    const { patient, phone } = await patientWithPhone();
    receiver.answer(phone.endpoint, 503);
    expect(await tickAt(`${WEDNESDAY}T17:00:00Z`)).toMatchObject({ retrying: 1 });
    expect(await sendsOf(patient)).toMatchObject([
      { status: 'due', attempts: 1, error: 'The push service answered 503.' },
    ]);
    receiver.answer(phone.endpoint, 201);
    await tickAt(`${WEDNESDAY}T17:01:00Z`);
    await tickAt(`${WEDNESDAY}T17:02:00Z`);
    expect(phone.received()).toEqual([DAILY_PAYLOAD]);
    expect(await sendsOf(patient)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('e-mail goes through the outbox and arrives once, with no detail of care', async () => {
    const { patient, phone } = await patientWithPhone({ email: true });
    await tickAt(`${WEDNESDAY}T17:00:00Z`);
    await tickAt(`${WEDNESDAY}T17:01:00Z`);
    expect(phone.received()).toHaveLength(1);
    const queued = await db()
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.recipientId, patient.id), eq(mailOutbox.purpose, 'reminder')));
    expect(queued).toHaveLength(1);
    const worker = mailWorkerFromEnv({ log: () => {} });
    expect(await worker!.deliverDue()).toMatchObject({ sent: 1, failed: 0 });
    const mails = catcher.messages.filter((m) => m.to === patient.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Time for your exercises');
    expect(mails[0]!.text).toContain('https://adhere.riverside.example/patient');
    expect(mails[0]!.text).not.toMatch(/Bird dog|back pain|Test physio/i);
    expect(await sendsOf(patient)).toMatchObject([{ channel: 'push_and_email', status: 'sent' }]);
  });

  it('two app servers on separate connections ticking at the same instant: exactly one send each', async () => {
    const patients = await Promise.all(
      Array.from({ length: 6 }, () => patientWithPhone({ email: true })),
    );
    const other = await openAnotherConnection(db());
    try {
      const runs = await Promise.all([
        tickAt(`${WEDNESDAY}T17:00:00Z`, db()),
        tickAt(`${WEDNESDAY}T17:00:00Z`, other.db),
        tickAt(`${WEDNESDAY}T17:00:00Z`, db()),
        tickAt(`${WEDNESDAY}T17:00:00Z`, other.db),
      ]);
      const ids = new Set(patients.map((p) => p.patient.id));
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBeGreaterThanOrEqual(patients.length);
      for (const { patient, phone } of patients) {
        expect(phone.received(), patient.name).toHaveLength(1);
        const mails = await db()
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.recipientId, patient.id), eq(mailOutbox.purpose, 'reminder')));
        expect(mails, patient.name).toHaveLength(1);
        expect(await sendsOf(patient)).toMatchObject([{ status: 'sent' }]);
      }
      expect(ids.size).toBe(patients.length);
    } finally {
      await other.close();
    }
  });
});
