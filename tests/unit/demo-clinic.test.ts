import { describe, expect, it } from 'vitest';
import {
  generateDemoClinic,
  type DemoClinic,
  type DemoRoutine,
  type Trajectory,
} from '@/db/seed/demo-clinic';
import { exerciseLibrary } from '@/db/seed/exercise-library';
import { createRandom } from '@/db/seed/random';
import { addDays, daysBetween, isIsoDate, isoWeekday, type IsoDate } from '@/lib/dates';
import { EVERY_DAY, isScheduledOn } from '@/lib/weekdays';

const TODAY = '2026-03-18';
// A week of consecutive dates, so every weekday takes a turn at being "today".
const TODAYS = Array.from({ length: 7 }, (_, i) => addDays(TODAY, i));

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function patientsWith(clinic: DemoClinic, trajectory: Trajectory): string[] {
  return clinic.profiles.filter((p) => p.trajectory === trajectory).map((p) => p.userRef);
}

function routinesOf(clinic: DemoClinic, patientRef: string): DemoRoutine[] {
  return clinic.routines.filter((r) => r.patientRef === patientRef);
}

function painBetween(clinic: DemoClinic, patientRef: string, fromAgo: number, toAgo: number) {
  return clinic.painReports
    .filter((r) => r.patientRef === patientRef)
    .filter((r) => {
      const ago = daysBetween(r.reportedOn, clinic.today);
      return ago >= toAgo && ago <= fromAgo;
    })
    .map((r) => r.score);
}

/** Completed / prescribed sessions over the given days, as the spec defines adherence. */
function adherence(clinic: DemoClinic, patientRef: string, from: IsoDate, to: IsoDate): number {
  let prescribed = 0;
  let completed = 0;
  for (const routine of routinesOf(clinic, patientRef)) {
    const items = clinic.routineItems.filter((i) => i.routineRef === routine.ref);
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if (day < routine.startDate || (routine.endDate && day > routine.endDate)) continue;
      for (const item of items) {
        if (!isScheduledOn(item.daysMask, isoWeekday(day))) continue;
        prescribed += item.timesPerDay;
        const done = clinic.completions.filter(
          (c) => c.routineItemRef === item.ref && c.performedOn === day,
        ).length;
        completed += Math.min(done, item.timesPerDay);
      }
    }
  }
  return completed / prescribed;
}

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = a.int(3, 6);
      b.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
    }
    expect(createRandom(1).next()).not.toBe(createRandom(2).next());
  });

  it('samples distinct items', () => {
    const picked = createRandom(7).sample(['a', 'b', 'c', 'd', 'e'], 4);
    expect(new Set(picked).size).toBe(4);
    expect(createRandom(7).sample(['a', 'b'], 5)).toHaveLength(2);
  });
});

describe('shipped exercise library', () => {
  it('covers lumbar rehabilitation, including the two founding exercises', () => {
    expect(exerciseLibrary.length).toBeGreaterThanOrEqual(22);
    const names = exerciseLibrary.map((e) => e.name);
    for (const name of [
      'Prone press-up (lumbar extension)',
      'Bridge with single-leg extension',
      'Pelvic tilt',
      'Bird dog',
      'Dead bug',
      'McGill curl-up',
      'Graded walking',
    ]) {
      expect(names).toContain(name);
    }
    const pressUp = exerciseLibrary.find((e) => e.libraryKey === 'prone-press-up');
    expect(pressUp?.instructions).toMatch(/hips on the floor/i);
    const bridge = exerciseLibrary.find((e) => e.libraryKey === 'bridge-single-leg-extension');
    expect(bridge?.instructions).toMatch(/straighten one leg/i);
  });

  it('fits the database rules and reads as numbered steps with a safety line', () => {
    expect(new Set(exerciseLibrary.map((e) => e.libraryKey)).size).toBe(exerciseLibrary.length);
    expect(new Set(exerciseLibrary.map((e) => e.name)).size).toBe(exerciseLibrary.length);
    for (const e of exerciseLibrary) {
      expect(e.libraryKey).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(e.name.trim().length).toBeGreaterThan(0);
      expect(e.name.length).toBeLessThanOrEqual(120);
      expect(e.instructions.length).toBeLessThanOrEqual(4000);
      expect(e.defaultSets).toBeGreaterThanOrEqual(1);
      expect(e.defaultSets).toBeLessThanOrEqual(20);
      expect(e.defaultReps).toBeGreaterThanOrEqual(1);
      expect(e.defaultReps).toBeLessThanOrEqual(100);
      if (e.defaultHoldSeconds !== null) {
        expect(e.defaultHoldSeconds).toBeGreaterThanOrEqual(1);
        expect(e.defaultHoldSeconds).toBeLessThanOrEqual(600);
      }
      const lines = e.instructions.split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      lines.forEach((line, i) => expect(line.startsWith(`${i + 1}. `)).toBe(true));
      expect(e.instructions).toMatch(/stop|cut back/i);
    }
  });
});

describe('generateDemoClinic', () => {
  it('gives the same clinic for the same day', () => {
    expect(generateDemoClinic(TODAY)).toEqual(generateDemoClinic(TODAY));
  });

  it('ends the history on whichever day it is given', () => {
    const tomorrow = generateDemoClinic(addDays(TODAY, 1));
    const last = tomorrow.painReports
      .map((r) => r.reportedOn)
      .sort()
      .at(-1);
    expect(last).toBe(addDays(TODAY, 1));
  });

  it('has one admin, three physios with ten patients each, and the documented demo emails', () => {
    const clinic = generateDemoClinic(TODAY);
    const byRole = (role: string) => clinic.users.filter((u) => u.role === role);
    expect(byRole('admin').map((u) => u.email)).toEqual(['admin@demo.test']);
    expect(byRole('physio').map((u) => u.email)).toEqual([
      'physio@demo.test',
      'physio2@demo.test',
      'physio3@demo.test',
    ]);
    const patients = byRole('patient');
    expect(patients).toHaveLength(30);
    expect(patients[0]?.email).toBe('patient@demo.test');
    expect(patients[29]?.email).toBe('patient30@demo.test');
    expect(new Set(clinic.users.map((u) => u.email)).size).toBe(clinic.users.length);
    for (const user of clinic.users) {
      expect(user.email).toBe(user.email.trim().toLowerCase());
      expect(user.name.length).toBeLessThanOrEqual(120);
    }

    const caseloads = new Map<string, number>();
    for (const p of clinic.profiles)
      caseloads.set(p.physioRef, (caseloads.get(p.physioRef) ?? 0) + 1);
    expect([...caseloads.values()]).toEqual([10, 10, 10]);
    for (const p of clinic.profiles) {
      expect(isIsoDate(p.dateOfBirth)).toBe(true);
      expect(p.condition.length).toBeGreaterThan(0);
      expect(p.condition.length).toBeLessThanOrEqual(200);
      expect(p.goal.length).toBeGreaterThan(0);
      expect(p.goal.length).toBeLessThanOrEqual(500);
    }
  });

  it('gives the first patient a programme changed around week 6 that includes both founding exercises', () => {
    const clinic = generateDemoClinic(TODAY);
    const firstPatient = clinic.users.find((u) => u.email === 'patient@demo.test');
    const physio = clinic.users.find((u) => u.email === 'physio@demo.test');
    const profile = clinic.profiles.find((p) => p.userRef === firstPatient?.ref);
    expect(profile?.physioRef).toBe(physio?.ref);
    expect(profile?.trajectory).toBe('improving');

    const [older, newer, ...rest] = routinesOf(clinic, firstPatient?.ref ?? '');
    expect(rest).toEqual([]);
    expect(daysBetween(older?.startDate ?? '', TODAY)).toBeGreaterThanOrEqual(77);
    expect(older?.endDate).toBe(addDays(newer?.startDate ?? '', -1));
    expect(daysBetween(older?.startDate ?? '', newer?.startDate ?? '')).toBe(42);
    expect(newer?.previousRoutineRef).toBe(older?.ref);
    expect(newer?.endDate).toBeNull();
    const activeKeys = clinic.routineItems
      .filter((i) => i.routineRef === newer?.ref)
      .map((i) => i.libraryKey);
    expect(activeKeys).toEqual(
      expect.arrayContaining(['prone-press-up', 'bridge-single-leg-extension']),
    );
  });

  it('gives every patient a valid programme, some with a change of version', () => {
    const clinic = generateDemoClinic(TODAY);
    const libraryKeys = new Set(exerciseLibrary.map((e) => e.libraryKey));
    let changed = 0;
    for (const profile of clinic.profiles) {
      const versions = routinesOf(clinic, profile.userRef);
      expect(versions.length).toBeGreaterThanOrEqual(1);
      if (versions.length > 1) changed++;
      versions.forEach((routine, i) => {
        const previous = versions[i - 1];
        expect(routine.previousRoutineRef).toBe(previous?.ref ?? null);
        if (previous) expect(previous.endDate).toBe(addDays(routine.startDate, -1));
        expect(routine.endDate === null).toBe(i === versions.length - 1);
        expect(routine.startDate <= TODAY).toBe(true);
        expect(daysBetween(routine.startDate, TODAY)).toBeLessThan(90);
        expect(routine.title.length).toBeLessThanOrEqual(120);

        const items = clinic.routineItems.filter((item) => item.routineRef === routine.ref);
        expect(items.length).toBeGreaterThanOrEqual(3);
        expect(items.length).toBeLessThanOrEqual(6);
        expect(new Set(items.map((item) => item.libraryKey)).size).toBe(items.length);
        expect(items.map((item) => item.position)).toEqual(items.map((_, p) => p));
        for (const item of items) {
          expect(libraryKeys.has(item.libraryKey)).toBe(true);
          expect(item.daysMask).toBeGreaterThanOrEqual(1);
          expect(item.daysMask).toBeLessThanOrEqual(127);
          expect(item.timesPerDay).toBeGreaterThanOrEqual(1);
          expect(item.timesPerDay).toBeLessThanOrEqual(3);
          expect(item.sets).toBeGreaterThanOrEqual(1);
          expect(item.sets).toBeLessThanOrEqual(20);
          expect(item.reps).toBeGreaterThanOrEqual(1);
          expect(item.reps).toBeLessThanOrEqual(100);
          expect(item.note.length).toBeLessThanOrEqual(500);
        }
      });
    }
    expect(changed).toBeGreaterThanOrEqual(4);
    expect(clinic.routineItems.some((item) => item.daysMask !== EVERY_DAY)).toBe(true);
  });

  it.each(TODAYS)('logs only what the programme allowed (today = %s)', (today) => {
    const clinic = generateDemoClinic(today);
    const items = new Map(clinic.routineItems.map((i) => [i.ref, i]));
    const routines = new Map(clinic.routines.map((r) => [r.ref, r]));
    const slots = new Set<string>();
    // Collected rather than asserted one by one: thousands of rows, and one clear failure list.
    const problems: string[] = [];
    for (const c of clinic.completions) {
      const item = items.get(c.routineItemRef);
      const routine = routines.get(item?.routineRef ?? '');
      const row = `${c.routineItemRef} on ${c.performedOn} session ${c.session}`;
      if (!item || !routine) {
        problems.push(`${row}: unknown item`);
        continue;
      }
      if (routine.patientRef !== c.patientRef) problems.push(`${row}: another patient's item`);
      if (c.performedOn > today) problems.push(`${row}: after today`);
      if (c.performedOn < routine.startDate) problems.push(`${row}: before the routine started`);
      if (routine.endDate && c.performedOn > routine.endDate) {
        problems.push(`${row}: after the routine ended`);
      }
      if (!isScheduledOn(item.daysMask, isoWeekday(c.performedOn))) {
        problems.push(`${row}: not scheduled that weekday`);
      }
      if (c.session < 1 || c.session > item.timesPerDay) {
        problems.push(`${row}: over ${item.timesPerDay} times a day`);
      }
      const slot = `${c.routineItemRef} ${c.performedOn} ${c.session}`;
      if (slots.has(slot)) problems.push(`${row}: duplicate`);
      slots.add(slot);
    }
    // Sessions are numbered from 1 without gaps, as the app would number them.
    for (const c of clinic.completions) {
      if (c.session > 1 && !slots.has(`${c.routineItemRef} ${c.performedOn} ${c.session - 1}`)) {
        problems.push(
          `${c.routineItemRef} on ${c.performedOn}: session ${c.session} without the one before`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(clinic.completions.length).toBeGreaterThan(1000);
  });

  it.each(TODAYS)('records valid daily pain scores (today = %s)', (today) => {
    const clinic = generateDemoClinic(today);
    const firstStart = new Map<string, IsoDate>();
    for (const r of clinic.routines) {
      const known = firstStart.get(r.patientRef);
      if (!known || r.startDate < known) firstStart.set(r.patientRef, r.startDate);
    }
    const days = new Set<string>();
    const problems: string[] = [];
    for (const r of clinic.painReports) {
      const row = `${r.patientRef} on ${r.reportedOn}`;
      if (!Number.isInteger(r.score) || r.score < 0 || r.score > 10) {
        problems.push(`${row}: score ${r.score}`);
      }
      if (r.note.length > 1000) problems.push(`${row}: note too long`);
      if (r.reportedOn > today) problems.push(`${row}: after today`);
      if (r.reportedOn < (firstStart.get(r.patientRef) ?? '')) {
        problems.push(`${row}: before the first routine`);
      }
      const key = `${r.patientRef} ${r.reportedOn}`;
      if (days.has(key)) problems.push(`${row}: second report that day`);
      days.add(key);
    }
    expect(problems).toEqual([]);
    expect(clinic.painReports.length).toBeGreaterThan(500);
  });

  it('gives every submission an idempotency key unique to its patient', () => {
    const clinic = generateDemoClinic(TODAY);
    const keys = new Set<string>();
    for (const row of [...clinic.completions, ...clinic.painReports]) {
      expect(row.idempotencyKey.length).toBeGreaterThanOrEqual(8);
      expect(row.idempotencyKey.length).toBeLessThanOrEqual(100);
      const key = `${row.patientRef} ${row.idempotencyKey}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
  });

  it('spreads the trajectories that the caseload flags are meant to show', () => {
    const clinic = generateDemoClinic(TODAY);
    const counts = new Map<Trajectory, number>();
    for (const p of clinic.profiles) counts.set(p.trajectory, (counts.get(p.trajectory) ?? 0) + 1);
    for (const trajectory of [
      'improving',
      'steady',
      'non_adherent',
      'pain_rising',
      'gone_quiet',
      'just_started',
    ] as const) {
      expect(counts.get(trajectory) ?? 0).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(TODAYS)('makes each trajectory show as intended (today = %s)', (today) => {
    const clinic = generateDemoClinic(today);

    for (const ref of patientsWith(clinic, 'pain_rising')) {
      const last7 = mean(painBetween(clinic, ref, 6, 0));
      const before = mean(painBetween(clinic, ref, 13, 7));
      expect(last7! - before!).toBeGreaterThanOrEqual(2);
    }

    for (const ref of patientsWith(clinic, 'improving')) {
      const start = routinesOf(clinic, ref)[0]?.startDate ?? '';
      const baselineEnd = daysBetween(addDays(start, 6), today);
      const baseline = mean(painBetween(clinic, ref, daysBetween(start, today), baselineEnd))!;
      const last7 = mean(painBetween(clinic, ref, 6, 0))!;
      expect(last7 <= baseline - 2 || last7 <= baseline * 0.7).toBe(true);
    }

    for (const ref of patientsWith(clinic, 'non_adherent')) {
      const start = routinesOf(clinic, ref)[0]?.startDate ?? '';
      const overall = adherence(clinic, ref, start, today);
      expect(overall).toBeGreaterThanOrEqual(0.2);
      expect(overall).toBeLessThanOrEqual(0.4);
      expect(adherence(clinic, ref, addDays(today, -13), today)).toBeLessThan(0.5);
    }

    for (const ref of patientsWith(clinic, 'improving')) {
      expect(adherence(clinic, ref, addDays(today, -13), today)).toBeGreaterThanOrEqual(0.6);
    }

    for (const ref of patientsWith(clinic, 'gone_quiet')) {
      const recent = (date: IsoDate) => daysBetween(date, today) < 8;
      const active = [
        ...clinic.completions.filter((c) => c.patientRef === ref).map((c) => c.performedOn),
        ...clinic.painReports.filter((r) => r.patientRef === ref).map((r) => r.reportedOn),
      ];
      expect(active.length).toBeGreaterThan(0);
      expect(active.filter(recent)).toEqual([]);
    }

    for (const ref of patientsWith(clinic, 'just_started')) {
      const versions = routinesOf(clinic, ref);
      expect(versions).toHaveLength(1);
      const ago = daysBetween(versions[0]?.startDate ?? '', today);
      expect(ago).toBeGreaterThanOrEqual(3);
      expect(ago).toBeLessThanOrEqual(6);
    }
  });
});
