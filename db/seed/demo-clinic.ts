import { addDays, daysBetween, isoWeekday, type IsoDate } from '@/lib/dates';
import type { ItemDose } from '@/lib/routine-item';
import type { Role } from '@/lib/roles';
import { EVERY_DAY, isScheduledOn, maskFromWeekdays } from '@/lib/weekdays';
import {
  CONDITIONS,
  DEMO_ADMIN_EMAIL,
  DEMO_PATIENT_EMAIL,
  DEMO_PHYSIO_EMAIL,
  FIRST_PATIENT_CONDITION,
  FIRST_PHASE_POOLS,
  GOALS,
  ITEM_NOTES,
  PAIN_NOTES,
  PATIENT_NAMES,
  PHYSIOS,
  STRENGTH_POOL,
  STRENGTHENING,
  TRAJECTORIES,
  type Approach,
  type Trajectory,
} from './demo-data';
import { exerciseLibrary } from './exercise-library';
import { createRandom, type Random } from './random';

export { DEMO_ADMIN_EMAIL, DEMO_PATIENT_EMAIL, DEMO_PHYSIO_EMAIL, type Trajectory };

/**
 * The demo clinic, generated without a database: every row refers to others by a `ref` (a label
 * such as `patient-07`) that the seeder swaps for a real id. The output depends only on `today`,
 * so the same date always gives the same clinic, while the history always ends today.
 */

export interface DemoUser {
  ref: string;
  email: string;
  name: string;
  role: Role;
}

export interface DemoPatientProfile {
  userRef: string;
  physioRef: string;
  dateOfBirth: IsoDate;
  condition: string;
  goal: string;
  /** Not stored: how the history was generated, for tests and for anyone demonstrating flags. */
  trajectory: Trajectory;
}

export interface DemoRoutine {
  ref: string;
  patientRef: string;
  createdByRef: string;
  previousRoutineRef: string | null;
  title: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface DemoRoutineItem extends ItemDose {
  ref: string;
  routineRef: string;
  libraryKey: string;
  position: number;
}

export interface DemoCompletion {
  patientRef: string;
  routineItemRef: string;
  performedOn: IsoDate;
  session: number;
  idempotencyKey: string;
}

export interface DemoPainReport {
  patientRef: string;
  reportedOn: IsoDate;
  score: number;
  note: string;
  idempotencyKey: string;
}

export interface DemoClinic {
  today: IsoDate;
  /** Admin first, then physios, then patients, so parents are inserted before children. */
  users: DemoUser[];
  profiles: DemoPatientProfile[];
  /** A patient's versions in order, so a previous version precedes the one that replaced it. */
  routines: DemoRoutine[];
  routineItems: DemoRoutineItem[];
  completions: DemoCompletion[];
  painReports: DemoPainReport[];
}

const SEED = 20_240_917;
const HISTORY_DAYS = 84;

const MON = 1;
const TUE = 2;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;
const MON_WED_FRI = maskFromWeekdays([MON, WED, FRI]);
const TUE_THU_SAT = maskFromWeekdays([TUE, THU, SAT]);
const WEEKDAYS = maskFromWeekdays([MON, TUE, WED, THU, FRI]);

interface ItemPlan extends ItemDose {
  libraryKey: string;
}

interface RoutinePlan {
  title: string;
  /** Days after the first routine started. */
  startOffset: number;
  items: ItemPlan[];
}

interface PatientPlan {
  index: number;
  trajectory: Trajectory;
  condition: string;
  firstStart: IsoDate;
  routines: RoutinePlan[];
  adherence: number;
  reportChance: number;
  /** The last day with any activity, for a patient who has gone quiet. */
  lastActive: IsoDate;
  pain: (dayOffset: number, daysAgo: number) => number;
}

const libraryByKey = new Map(exerciseLibrary.map((e) => [e.libraryKey, e]));

function libraryEntry(key: string) {
  const entry = libraryByKey.get(key);
  if (!entry) throw new Error(`the demo clinic uses an exercise missing from the library: ${key}`);
  return entry;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clampScore(value: number): number {
  return Math.min(10, Math.max(0, Math.round(value)));
}

function planItem(random: Random, key: string, phase: 1 | 2): ItemPlan {
  const entry = libraryEntry(key);
  const strengthening = STRENGTHENING.has(key);
  let daysMask: number = EVERY_DAY;
  let timesPerDay = 1;
  let note = random.chance(0.5) ? random.pick(ITEM_NOTES) : '';
  if (key === 'graded-walking') {
    const minutes = phase === 1 ? random.pick([10, 10, 15]) : random.pick([20, 25, 30]);
    daysMask = random.chance(0.3) ? WEEKDAYS : EVERY_DAY;
    note = `Start at ${minutes} minutes; add 2–3 minutes every few days, up to 30.`;
  } else if (strengthening) {
    daysMask = random.pick([EVERY_DAY, MON_WED_FRI, MON_WED_FRI, TUE_THU_SAT]);
  } else {
    timesPerDay = key === 'prone-press-up' ? random.int(2, 3) : random.pick([1, 1, 2, 2, 3]);
    if (key === 'prone-press-up') note = 'Do a set whenever you have been sitting for a while.';
  }
  // Progressions add a set to loading work rather than changing the movement.
  const sets = Math.min(20, entry.defaultSets + (phase === 2 && strengthening ? 1 : 0));
  return {
    libraryKey: key,
    sets,
    reps: entry.defaultReps,
    holdSeconds: entry.defaultHoldSeconds,
    daysMask,
    timesPerDay,
    note,
  };
}

/** The first demo patient is scripted, so that a demonstration can tell a known story. */
function firstPatientRoutines(): RoutinePlan[] {
  const item = (
    libraryKey: string,
    daysMask: number,
    timesPerDay: number,
    note: string,
    sets?: number,
  ): ItemPlan => {
    const entry = libraryEntry(libraryKey);
    return {
      libraryKey,
      sets: sets ?? entry.defaultSets,
      reps: entry.defaultReps,
      holdSeconds: entry.defaultHoldSeconds,
      daysMask,
      timesPerDay,
      note,
    };
  };
  return [
    {
      title: 'Low back programme: phase 1',
      startOffset: 0,
      items: [
        item(
          'prone-press-up',
          EVERY_DAY,
          3,
          'Do a set whenever you have been sitting for a while.',
        ),
        item('pelvic-tilt', EVERY_DAY, 1, ''),
        item('knee-to-chest-stretch', EVERY_DAY, 2, 'Morning and evening if you can.'),
        item('glute-bridge', MON_WED_FRI, 1, 'Push through your heels.'),
        item(
          'graded-walking',
          EVERY_DAY,
          1,
          'Start at 10 minutes; add 2–3 minutes every few days.',
        ),
      ],
    },
    {
      title: 'Low back programme: phase 2, strength',
      startOffset: 42,
      items: [
        item('prone-press-up', EVERY_DAY, 2, 'Keep these going, especially after sitting.'),
        item(
          'bridge-single-leg-extension',
          MON_WED_FRI,
          1,
          'Keep your hips level as the leg goes up.',
        ),
        item('bird-dog', TUE_THU_SAT, 1, '', 3),
        item('side-plank-knees', TUE_THU_SAT, 1, 'Build up to 20-second holds.'),
        item('graded-walking', EVERY_DAY, 1, 'Aim for 30 minutes; two shorter walks are fine.'),
      ],
    },
  ];
}

function generatedRoutines(random: Random, approach: Approach, totalDays: number): RoutinePlan[] {
  const firstKeys = random.sample(FIRST_PHASE_POOLS[approach], random.int(3, 5));
  if (random.chance(0.6)) firstKeys.push('graded-walking');
  const first: RoutinePlan = {
    title: random.pick(['Low back programme', 'Home exercise programme', 'Back to basics']),
    startOffset: 0,
    items: firstKeys.map((key) => planItem(random, key, 1)),
  };
  if (totalDays < 49 || !random.chance(0.4)) return [first];

  const kept = random.sample(firstKeys, random.int(1, 2));
  const added = random.sample(
    STRENGTH_POOL.filter((key) => !kept.includes(key)),
    random.int(3, 6) - kept.length,
  );
  const second: RoutinePlan = {
    title: random.pick(['Phase 2: strength', 'Progression: trunk and hip strength']),
    startOffset: random.int(21, totalDays - 14),
    items: [...kept, ...added].map((key) => planItem(random, key, 2)),
  };
  return [first, second];
}

function planPatient(index: number, today: IsoDate, random: Random): PatientPlan {
  const trajectory = TRAJECTORIES[index - 1] as Trajectory;
  const condition = index === 1 ? FIRST_PATIENT_CONDITION : random.pick(CONDITIONS);
  const totalDays =
    index === 1
      ? HISTORY_DAYS
      : trajectory === 'just_started'
        ? random.int(4, 7)
        : random.int(42, HISTORY_DAYS);
  const firstStart = addDays(today, -(totalDays - 1));
  const routines =
    index === 1
      ? firstPatientRoutines()
      : trajectory === 'just_started'
        ? generatedRoutines(random, condition.approach, 0)
        : generatedRoutines(random, condition.approach, totalDays);

  let adherence: number;
  let reportChance: number;
  let lastActive = today;
  let pain: PatientPlan['pain'];
  switch (trajectory) {
    case 'improving': {
      const from = index === 1 ? 7.5 : random.int(6, 8);
      const to = index === 1 ? 2.8 : random.between(1.8, 3.2);
      adherence = index === 1 ? 0.88 : random.between(0.8, 0.95);
      reportChance = index === 1 ? 0.9 : random.between(0.75, 0.9);
      pain = (day) => to + (from - to) * Math.exp((-2.5 * day) / totalDays);
      break;
    }
    case 'steady': {
      const level = random.between(3, 5);
      adherence = random.between(0.65, 0.82);
      reportChance = random.between(0.75, 0.9);
      pain = (day) => level + 0.4 * Math.sin(day / 6);
      break;
    }
    case 'non_adherent': {
      const level = random.between(5, 6.5);
      adherence = random.between(0.25, 0.38);
      reportChance = random.between(0.35, 0.5);
      pain = (day) => level + (0.5 * day) / totalDays;
      break;
    }
    case 'pain_rising': {
      const level = random.between(2.5, 4);
      const flare = random.between(2.8, 3.5);
      adherence = random.between(0.6, 0.8);
      reportChance = random.between(0.7, 0.85);
      pain = (day, daysAgo) => (daysAgo <= 6 ? level + flare : level + 1 - day / totalDays);
      break;
    }
    case 'gone_quiet': {
      const level = random.between(4, 6);
      adherence = random.between(0.5, 0.7);
      reportChance = random.between(0.6, 0.8);
      lastActive = addDays(today, -random.int(8, 10));
      pain = (day) => level - day / totalDays;
      break;
    }
    case 'just_started': {
      const level = random.between(5, 7);
      adherence = random.between(0.75, 0.95);
      reportChance = 0.9;
      pain = () => level;
      break;
    }
  }
  return {
    index,
    trajectory,
    condition: condition.text,
    firstStart,
    routines,
    adherence,
    reportChance,
    lastActive,
    pain,
  };
}

function dateOfBirth(today: IsoDate, random: Random): IsoDate {
  const year = Number(today.slice(0, 4)) - random.int(24, 74);
  return `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

function painNote(random: Random, score: number): string {
  if (!random.chance(0.12)) return '';
  if (score >= 6) return random.pick(PAIN_NOTES.high);
  if (score >= 3) return random.pick(PAIN_NOTES.mid);
  return random.pick(PAIN_NOTES.low);
}

export function generateDemoClinic(today: IsoDate): DemoClinic {
  const clinic: DemoClinic = {
    today,
    users: [
      { ref: 'admin', email: DEMO_ADMIN_EMAIL, name: 'Morgan Reyes', role: 'admin' },
      ...PHYSIOS.map((p) => ({ ...p, role: 'physio' as const })),
    ],
    profiles: [],
    routines: [],
    routineItems: [],
    completions: [],
    painReports: [],
  };

  PATIENT_NAMES.forEach((name, i) => {
    const index = i + 1;
    const patientRef = `patient-${pad(index)}`;
    const physio = PHYSIOS[i % PHYSIOS.length] as (typeof PHYSIOS)[number];
    // One generator per patient, so that changing one patient's story leaves the others alone.
    const random = createRandom(SEED ^ Math.imul(index, 0x9e3779b1));

    const email = index === 1 ? DEMO_PATIENT_EMAIL : `patient${pad(index)}@demo.test`;
    clinic.users.push({ ref: patientRef, email, name, role: 'patient' });
    const plan = planPatient(index, today, random);
    clinic.profiles.push({
      userRef: patientRef,
      physioRef: physio.ref,
      dateOfBirth: dateOfBirth(today, random),
      condition: plan.condition,
      goal: index === 1 ? GOALS[0] : random.pick(GOALS),
      trajectory: plan.trajectory,
    });

    let completionCount = 0;
    let previousRef: string | null = null;
    plan.routines.forEach((routinePlan, v) => {
      const routineRef = `routine-${pad(index)}-${v + 1}`;
      const next = plan.routines[v + 1];
      const startDate = addDays(plan.firstStart, routinePlan.startOffset);
      const endDate = next ? addDays(plan.firstStart, next.startOffset - 1) : null;
      clinic.routines.push({
        ref: routineRef,
        patientRef,
        createdByRef: physio.ref,
        previousRoutineRef: previousRef,
        title: routinePlan.title,
        startDate,
        endDate,
      });
      previousRef = routineRef;

      const items = routinePlan.items.map((item, position) => ({
        ...item,
        ref: `item-${pad(index)}-${v + 1}-${position}`,
        routineRef,
        position,
      }));
      clinic.routineItems.push(...items);

      const lastDay = endDate ?? today;
      for (let day = startDate; day <= lastDay; day = addDays(day, 1)) {
        if (day > plan.lastActive) break;
        const daysAgo = daysBetween(day, today);
        let adherence = plan.adherence;
        // Motivation fades before a patient drops out, and during a flare.
        if (plan.trajectory === 'gone_quiet' && daysBetween(day, plan.lastActive) < 14) {
          adherence *= 0.6;
        }
        if (plan.trajectory === 'pain_rising' && daysAgo <= 6) adherence *= 0.7;
        // Some days are missed altogether; on the others most sessions get done.
        const showsUp = Math.min(1, adherence + 0.2);
        // Today is not over yet: the evening sessions are still to come.
        if (!random.chance(daysAgo === 0 ? showsUp * 0.6 : showsUp)) continue;
        const perSession = adherence / showsUp;
        const weekday = isoWeekday(day);
        for (const item of items) {
          if (!isScheduledOn(item.daysMask, weekday)) continue;
          let done = 0;
          for (let s = 0; s < item.timesPerDay; s++) if (random.chance(perSession)) done++;
          for (let session = 1; session <= done; session++) {
            completionCount++;
            clinic.completions.push({
              patientRef,
              routineItemRef: item.ref,
              performedOn: day,
              session,
              idempotencyKey: `seed-c-${pad(index)}-${completionCount}`,
            });
          }
        }
      }
    });

    let reportCount = 0;
    for (let day = plan.firstStart; day <= plan.lastActive; day = addDays(day, 1)) {
      const dayOffset = daysBetween(plan.firstStart, day);
      const daysAgo = daysBetween(day, today);
      // A baseline on day one, and a full fortnight for a flare, so the flags have something to compare.
      const certain =
        dayOffset === 0 ||
        (plan.trajectory === 'pain_rising' && daysAgo <= 13) ||
        (plan.trajectory === 'gone_quiet' && day === plan.lastActive);
      if (!certain && !random.chance(plan.reportChance)) continue;
      const score = clampScore(plan.pain(dayOffset, daysAgo) + random.noise(0.6));
      let note = painNote(random, score);
      if (plan.trajectory === 'pain_rising' && daysAgo === 6) note = random.pick(PAIN_NOTES.flare);
      if (plan.trajectory === 'gone_quiet' && day === plan.lastActive) {
        note = random.pick(PAIN_NOTES.quiet);
      }
      reportCount++;
      clinic.painReports.push({
        patientRef,
        reportedOn: day,
        score,
        note,
        idempotencyKey: `seed-p-${pad(index)}-${reportCount}`,
      });
    }
  });

  return clinic;
}
