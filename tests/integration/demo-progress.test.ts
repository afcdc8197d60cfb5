import { asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { weeklyTotals, windowTotals } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { getPatientProgress } from '@/db/queries/progress';
import { seedAll } from '@/db/seed';
import { completions, painReports, routineItems, routines, users } from '@/db/schema';
import { addDays, isoWeekday, weekStart } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import { isScheduledOn } from '@/lib/weekdays';
import { setupTestDatabase } from './helpers/database';

const TODAY = '2026-11-25'; // a Wednesday

describe("the demo patient's progress", () => {
  const db = setupTestDatabase();
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    await seedAll(db(), { today: TODAY });
    const rows = await db().select().from(users);
    for (const u of rows) {
      actors[u.email] = { id: u.id, role: u.role, name: u.name, email: u.email, sessionId: 'test' };
    }
  });

  const actor = (email: string) => {
    const a = actors[email];
    if (!a) throw new Error(`no demo account ${email}`);
    return a;
  };

  it('matches a hand computation from the seeded rows, week by week', async () => {
    const patient = actor('patient@demo.test');
    const progress = await getPatientProgress(actor('physio@demo.test'), patient.id, TODAY);
    expect(progress).not.toBeNull();

    // Straight from the rows: every day from the first routine start to today, every item of the
    // version in force that day and scheduled that weekday.
    const versions = await db()
      .select()
      .from(routines)
      .where(eq(routines.patientId, patient.id))
      .orderBy(asc(routines.startDate));
    const items = await db()
      .select()
      .from(routineItems)
      .where(
        inArray(
          routineItems.routineId,
          versions.map((v) => v.id),
        ),
      );
    const logged = await db()
      .select()
      .from(completions)
      .where(eq(completions.patientId, patient.id));
    const pain = await db().select().from(painReports).where(eq(painReports.patientId, patient.id));

    const expected = new Map<
      string,
      { prescribed: number; completed: number; painSum: number; painN: number }
    >();
    const week = (d: string) => {
      const key = weekStart(d);
      if (!expected.has(key))
        expected.set(key, { prescribed: 0, completed: 0, painSum: 0, painN: 0 });
      return expected.get(key)!;
    };
    const firstStart = versions[0]!.startDate;
    for (let day = firstStart; day <= TODAY; day = addDays(day, 1)) {
      const w = week(day);
      for (const version of versions.filter(
        (v) => v.startDate <= day && (!v.endDate || v.endDate >= day),
      )) {
        for (const item of items.filter((i) => i.routineId === version.id)) {
          if (!isScheduledOn(item.daysMask, isoWeekday(day))) continue;
          const times = logged.filter(
            (c) => c.routineItemId === item.id && c.performedOn === day,
          ).length;
          w.prescribed += item.timesPerDay;
          w.completed += Math.min(times, item.timesPerDay);
        }
      }
    }
    for (const report of pain.filter((p) => p.reportedOn >= firstStart && p.reportedOn <= TODAY)) {
      const w = week(report.reportedOn);
      w.painSum += report.score;
      w.painN += 1;
    }

    const weeks = progress!.weeks;
    expect(weeks.map((w) => w.weekStart)).toEqual([...expected.keys()]);
    expect(weeks[0]).toMatchObject({ weekStart: weekStart(firstStart), programmeWeek: 1 });
    expect(weeks.at(-1)).toMatchObject({ weekStart: weekStart(TODAY) });
    expect(weeks.length).toBeGreaterThanOrEqual(12);
    for (const w of weeks) {
      const e = expected.get(w.weekStart)!;
      expect(w).toMatchObject({
        prescribedSessions: e.prescribed,
        completedSessions: e.completed,
        painReports: e.painN,
        adherencePct: e.prescribed ? Math.round((1000 * e.completed) / e.prescribed) / 10 : null,
        meanPain: e.painN ? Math.round((10 * e.painSum) / e.painN) / 10 : null,
      });
    }
    // The demo story is an improving patient: pain in the latest full week is lower than at the start.
    const fullWeeks = weeks.filter((w) => w.meanPain !== null);
    expect(fullWeeks.at(-2)!.meanPain!).toBeLessThan(fullWeeks[0]!.meanPain!);
  });

  it('is visible to the patient, their physio and an admin, and to nobody else', async () => {
    const patientId = actor('patient@demo.test').id;
    for (const email of ['patient@demo.test', 'physio@demo.test', 'admin@demo.test']) {
      expect(await getPatientProgress(actor(email), patientId, TODAY)).not.toBeNull();
    }
    for (const email of ['physio2@demo.test', 'physio3@demo.test', 'patient02@demo.test']) {
      expect(await getPatientProgress(actor(email), patientId, TODAY)).toBeNull();
    }
    expect(
      await getPatientProgress(
        actor('physio@demo.test'),
        '00000000-0000-4000-8000-000000000000',
        TODAY,
      ),
    ).toBeNull();
  });
});

describe('metrics for many patients at once', () => {
  const db = setupTestDatabase();

  beforeAll(async () => {
    await seedAll(db(), { today: TODAY });
  });

  it('gives each patient of a caseload or the clinic exactly their own numbers', async () => {
    const physio = (await db().select().from(users).where(eq(users.email, 'physio@demo.test')))[0]!;
    const caseload = await weeklyTotals(db(), { scope: { physioId: physio.id }, today: TODAY });
    const clinicWindows = await windowTotals(db(), { scope: { clinic: true }, today: TODAY });
    expect(new Set(caseload.map((w) => w.patientId)).size).toBe(10);
    expect(clinicWindows).toHaveLength(30);

    for (const patientId of new Set(caseload.map((w) => w.patientId))) {
      const alone = await weeklyTotals(db(), { scope: { patientId }, today: TODAY });
      expect(caseload.filter((w) => w.patientId === patientId)).toEqual(alone);
      const [window] = await windowTotals(db(), { scope: { patientId }, today: TODAY });
      expect(clinicWindows.find((w) => w.patientId === patientId)).toEqual(window);
    }
  });

  it('flags the demo trajectories the way a physio would expect', async () => {
    const summaries = (await windowTotals(db(), { scope: { clinic: true }, today: TODAY })).map(
      summarise,
    );
    const flagged = (flag: string) =>
      summaries.filter((s) => s.flags.includes(flag as never)).length;
    expect(flagged('improving')).toBeGreaterThan(0);
    expect(flagged('pain_rising')).toBeGreaterThan(0);
    expect(flagged('low_adherence')).toBeGreaterThan(0);
    expect(flagged('inactive')).toBeGreaterThan(0);
  });
});
