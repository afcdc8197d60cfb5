import { beforeAll, describe, expect, it } from 'vitest';
import {
  sessionTotalsByPhysio,
  summedWeeklyTotals,
  weeklyTotals,
  windowTotals,
} from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { ADHERENCE_WINDOW_DAYS, getClinicFigures } from '@/db/queries/clinic-figures';
import { seedAll } from '@/db/seed';
import { patientProfiles, users } from '@/db/schema';
import { addDays, weekStart } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import { adherencePct } from '@/lib/metrics/rounding';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { caseloadPage } from './helpers/caseload';
import { setupTestDatabase } from './helpers/database';

const TODAY = '2026-11-25'; // a Wednesday

function sumBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => number) {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
}

describe('clinic figures on the demo clinic', () => {
  const db = setupTestDatabase();
  const actors: Record<string, Actor> = {};
  let physioOf: Map<string, string>;
  let discharged: Set<string>;

  beforeAll(async () => {
    await seedAll(db(), { today: TODAY });
    for (const u of await db().select().from(users)) {
      actors[u.email] = { id: u.id, role: u.role, name: u.name, email: u.email, sessionId: 'test' };
    }
    const profiles = await db().select().from(patientProfiles);
    physioOf = new Map(profiles.map((p) => [p.userId, p.physioId]));
    discharged = new Set(profiles.filter((p) => p.dischargedOn).map((p) => p.userId));
  });

  const admin = () => actors['admin@demo.test']!;

  it('sums sessions per physio exactly as the per-patient window totals do', async () => {
    // Over 14 days the sums must equal windowTotals' own 14-day sums, patient by patient.
    const perPatient = await windowTotals(db(), { scope: { clinic: true }, today: TODAY });
    const byPhysio = await sessionTotalsByPhysio(db(), {
      scope: { clinic: true },
      today: TODAY,
      days: 14,
    });
    const prescribed = sumBy(
      perPatient,
      (t) => physioOf.get(t.patientId)!,
      (t) => t.prescribed14,
    );
    const completed = sumBy(
      perPatient,
      (t) => physioOf.get(t.patientId)!,
      (t) => t.completed14,
    );
    expect(byPhysio.length).toBeGreaterThan(1);
    for (const row of byPhysio) {
      expect(row.prescribed).toBe(prescribed.get(row.physioId));
      expect(row.completed).toBe(completed.get(row.physioId));
    }
    expect(new Set(byPhysio.map((r) => r.physioId))).toEqual(
      new Set([...prescribed].filter(([, n]) => n > 0).map(([id]) => id)),
    );

    // 28 days are two back-to-back 14-day windows.
    const earlier = await windowTotals(db(), {
      scope: { clinic: true },
      today: addDays(TODAY, -14),
    });
    const both = [...perPatient, ...earlier];
    const byPhysio28 = await sessionTotalsByPhysio(db(), {
      scope: { clinic: true },
      today: TODAY,
      days: 28,
    });
    const prescribed28 = sumBy(
      both,
      (t) => physioOf.get(t.patientId)!,
      (t) => t.prescribed14,
    );
    const completed28 = sumBy(
      both,
      (t) => physioOf.get(t.patientId)!,
      (t) => t.completed14,
    );
    for (const row of byPhysio28) {
      expect(row.prescribed).toBe(prescribed28.get(row.physioId));
      expect(row.completed).toBe(completed28.get(row.physioId));
    }

    // A scope narrows it to one caseload.
    const physio = actors['physio@demo.test']!;
    const own = await sessionTotalsByPhysio(db(), {
      scope: { physioId: physio.id },
      today: TODAY,
      days: 14,
    });
    expect(own).toEqual([
      {
        physioId: physio.id,
        prescribed: prescribed.get(physio.id),
        completed: completed.get(physio.id),
      },
    ]);
  });

  it('sums weekly totals over the clinic exactly as the per-patient weeks add up', async () => {
    const from = addDays(weekStart(TODAY), -7 * 11);
    const perPatient = await weeklyTotals(db(), { scope: { clinic: true }, today: TODAY, from });
    const summed = await summedWeeklyTotals(db(), { scope: { clinic: true }, today: TODAY, from });
    const weeks = [...new Set(perPatient.map((w) => w.weekStart))].sort();
    expect(summed.map((w) => w.weekStart)).toEqual(weeks);
    for (const week of summed) {
      const rows = perPatient.filter((w) => w.weekStart === week.weekStart);
      expect(week).toEqual({
        weekStart: week.weekStart,
        prescribedSessions: rows.reduce((n, r) => n + r.prescribedSessions, 0),
        completedSessions: rows.reduce((n, r) => n + r.completedSessions, 0),
        painSum: rows.reduce((n, r) => n + r.painSum, 0),
        painReports: rows.reduce((n, r) => n + r.painReports, 0),
        patients: rows.length,
      });
    }
  });

  it('gives the admin the clinic’s figures from the metrics module', async () => {
    const found = await getClinicFigures(admin(), TODAY);
    expect(found).not.toBeNull();
    const figures = found!;
    expect(figures.windowStart).toBe(addDays(TODAY, -(ADHERENCE_WINDOW_DAYS - 1)));

    const windows = await windowTotals(db(), { scope: { clinic: true }, today: TODAY });
    const flagsOf = new Map(windows.map((t) => [t.patientId, summarise(t).flags]));
    const current = [...physioOf.keys()].filter((id) => !discharged.has(id));
    const byPhysio28 = await sessionTotalsByPhysio(db(), {
      scope: { clinic: true },
      today: TODAY,
      days: ADHERENCE_WINDOW_DAYS,
    });

    const physioIds = Object.values(actors)
      .filter((a) => a.role === 'physio')
      .map((a) => a.id);
    expect(figures.physios.map((p) => p.physioId).sort()).toEqual([...physioIds].sort());

    for (const physio of figures.physios) {
      const mine = current.filter((id) => physioOf.get(id) === physio.physioId);
      const flagged = mine.filter((id) =>
        (flagsOf.get(id) ?? []).some((f) => f !== 'improving'),
      ).length;
      const sessions = byPhysio28.find((r) => r.physioId === physio.physioId);
      expect(physio).toMatchObject({
        activePatients: mine.length,
        prescribed: sessions?.prescribed ?? 0,
        completed: sessions?.completed ?? 0,
        adherencePct: adherencePct(sessions?.completed ?? 0, sessions?.prescribed ?? 0),
        flagged,
        improving: mine.filter((id) => flagsOf.get(id)?.includes('improving')).length,
      });

      // The same "needs attention" count the physio sees on their own caseload.
      const actor = Object.values(actors).find((a) => a.id === physio.physioId)!;
      const caseload = await caseloadPage(actor, TODAY);
      expect(caseload).toMatchObject({ attentionCount: flagged, currentCount: mine.length });
    }

    const sum = (pick: (p: (typeof figures.physios)[number]) => number) =>
      figures.physios.reduce((n, p) => n + pick(p), 0);
    expect(figures.clinic).toMatchObject({
      activePatients: current.length,
      prescribed: sum((p) => p.prescribed),
      completed: sum((p) => p.completed),
      flagged: sum((p) => p.flagged),
      improving: sum((p) => p.improving),
      byFlag: {
        pain_rising: sum((p) => p.byFlag.pain_rising),
        low_adherence: sum((p) => p.byFlag.low_adherence),
        inactive: sum((p) => p.byFlag.inactive),
      },
    });
    expect(figures.clinic.adherencePct).toBe(
      adherencePct(figures.clinic.completed, figures.clinic.prescribed),
    );
    // The demo clinic has something in every box, so the checks above check something.
    expect(figures.clinic.flagged).toBeGreaterThan(0);
    expect(figures.clinic.improving).toBeGreaterThan(0);
    expect(figures.clinic.prescribed).toBeGreaterThan(0);

    // The chart: the summed weeks, rounded by the metrics module, ending this week.
    const chartFrom = figures.weeks[0]!.weekStart;
    const summed = await summedWeeklyTotals(db(), {
      scope: { clinic: true },
      today: TODAY,
      from: chartFrom,
    });
    expect(figures.weeks.length).toBeGreaterThanOrEqual(12);
    expect(figures.weeks.length).toBeLessThanOrEqual(26);
    expect(figures.weeks.at(-1)?.weekStart).toBe(weekStart(TODAY));
    expect(figures.weeks).toEqual(
      summed.map((w) => ({
        ...toWeeklyMetrics({ ...w, patientId: 'clinic' }),
        programmeWeek: null,
        patients: w.patients,
      })),
    );
  });
});
