/**
 * The benchmark clinic, generated deterministically from a seed: physios, patients with a year of
 * history, routines of 4–8 items that change mid-programme, completions and daily pain reports at
 * believable rates. Rows are produced lazily so two million completions never sit in memory.
 */
import { createRandom, type Random } from '@/db/seed/random';
import { addDays, isoWeekday, type IsoDate } from '@/lib/dates';
import type { ItemDose } from '@/lib/routine-item';
import type { VersionRecord } from '@/lib/routine-versions';
import { isScheduledOn } from '@/lib/weekdays';

export interface BenchConfig {
  today: IsoDate;
  physios: number;
  /** Patients of the first physio (the big caseload the benchmark opens). */
  bigCaseload: number;
  patients: number;
  weeks: number;
  seed: number;
}

export const FULL: Omit<BenchConfig, 'today'> = {
  physios: 10,
  bigCaseload: 200,
  patients: 1000,
  weeks: 52,
  seed: 20261125,
};
export const PGLITE: Omit<BenchConfig, 'today'> = {
  ...FULL,
  physios: 4,
  bigCaseload: 40,
  patients: 100,
};
export const SMOKE: Omit<BenchConfig, 'today'> = {
  ...FULL,
  physios: 2,
  bigCaseload: 6,
  patients: 10,
  weeks: 4,
};

export const BENCH_PASSWORD = 'bench-password-not-secret';
export const BENCH_DOMAIN = 'bench.test';

export interface BenchUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'physio' | 'patient';
}

/** A generated item: a dose with no note (the loader writes an empty one). */
export interface BenchItem extends Omit<ItemDose, 'note'> {
  id: string;
  routineId: string;
  exerciseIndex: number;
  position: number;
}

export interface BenchRoutine extends VersionRecord {
  items: BenchItem[];
}

export interface BenchPatient {
  user: BenchUser;
  index: number;
  physioId: string;
  adherence: number;
  painStart: number;
  painEnd: number;
  reportRate: number;
  routines: BenchRoutine[];
}

export interface BenchClinic {
  admin: BenchUser;
  physios: BenchUser[];
  patients: BenchPatient[];
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((random.int(0, 15) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The id of a patient's n-th log row: drawn from the stream like every other id (so the rest of
 * the history stays what it was), with its last 12 hex digits replaced by the patient and the
 * row number. The seeded generator's streams overlap once there are millions of rows (5 years of
 * history drew a duplicate completion id), and these ids must be unique per table.
 */
function historyId(random: Random, patientIndex: number, n: number): string {
  const drawn = uuid(random);
  const suffix = patientIndex.toString(16).padStart(4, '0') + n.toString(16).padStart(8, '0');
  return `${drawn.slice(0, 24)}${suffix}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function daysMask(random: Random): number {
  if (random.chance(0.6)) return 127;
  const days = random.sample([1, 2, 3, 4, 5, 6, 7], random.int(3, 5));
  return days.reduce((mask, d) => mask | (1 << (d - 1)), 0);
}

function makeItems(random: Random, routineId: string, exerciseCount: number, base?: BenchItem[]) {
  const count = base ? base.length : random.int(4, 8);
  const exercises = base
    ? base.map((item) =>
        random.chance(0.25) ? random.int(0, exerciseCount - 1) : item.exerciseIndex,
      )
    : random.sample(
        Array.from({ length: exerciseCount }, (_, i) => i),
        count,
      );
  return exercises.map<BenchItem>((exerciseIndex, position) => {
    const tpdRoll = random.next();
    return {
      id: uuid(random),
      routineId,
      exerciseIndex,
      position,
      sets: random.int(1, 4),
      reps: random.int(5, 15),
      holdSeconds: random.chance(0.3) ? random.int(3, 30) : null,
      daysMask: daysMask(random),
      timesPerDay: tpdRoll < 0.55 ? 1 : tpdRoll < 0.9 ? 2 : 3,
    };
  });
}

export function generateClinic(config: BenchConfig, exerciseCount: number): BenchClinic {
  const random = createRandom(config.seed);
  const admin: BenchUser = {
    id: uuid(random),
    email: `admin@${BENCH_DOMAIN}`,
    name: 'Bench Admin',
    role: 'admin',
  };
  const physios = Array.from({ length: config.physios }, (_, i): BenchUser => ({
    id: uuid(random),
    email: `physio${pad(i + 1, 2)}@${BENCH_DOMAIN}`,
    name: `Physio ${pad(i + 1, 2)}`,
    role: 'physio',
  }));
  const firstDay = addDays(config.today, -(config.weeks * 7 - 1));
  const patients: BenchPatient[] = [];
  for (let i = 0; i < config.patients; i++) {
    const r = createRandom(config.seed * 7919 + i);
    const physio =
      i < config.bigCaseload
        ? physios[0]!
        : physios[1 + ((i - config.bigCaseload) % (config.physios - 1))]!;
    const user: BenchUser = {
      id: uuid(r),
      email: `patient${pad(i + 1, 4)}@${BENCH_DOMAIN}`,
      name: `Patient ${pad(i + 1, 4)}`,
      role: 'patient',
    };
    const start = addDays(firstDay, r.int(0, 6));
    const change = addDays(
      start,
      r.int(Math.floor(config.weeks * 2), Math.floor(config.weeks * 5)),
    );
    const first: BenchRoutine = {
      id: uuid(r),
      patientId: user.id,
      createdBy: physio.id,
      previousRoutineId: null,
      title: 'Lumbar programme',
      startDate: start,
      endDate: change < config.today ? addDays(change, -1) : null,
      items: [],
    };
    first.items = makeItems(r, first.id, exerciseCount);
    const routines = [first];
    if (change < config.today) {
      const second: BenchRoutine = {
        id: uuid(r),
        patientId: user.id,
        createdBy: physio.id,
        previousRoutineId: first.id,
        title: 'Lumbar programme: phase 2',
        startDate: change,
        endDate: null,
        items: [],
      };
      second.items = makeItems(r, second.id, exerciseCount, first.items);
      routines.push(second);
    }
    patients.push({
      user,
      index: i,
      physioId: physio.id,
      adherence: r.between(0.5, 0.98),
      painStart: r.int(4, 8),
      painEnd: r.int(1, 7),
      reportRate: r.between(0.5, 0.95),
      routines,
    });
  }
  return { admin, physios, patients };
}

export interface CompletionRow {
  id: string;
  patientId: string;
  routineItemId: string;
  performedOn: IsoDate;
  session: number;
  idempotencyKey: string;
}

export interface PainRow {
  id: string;
  patientId: string;
  reportedOn: IsoDate;
  score: number;
  note: string;
  idempotencyKey: string;
}

/** A patient's logs, day by day, from their own random stream (so order of generation is free). */
export function* patientHistory(
  patient: BenchPatient,
  config: BenchConfig,
): Generator<{ completion?: CompletionRow; pain?: PainRow }> {
  const r = createRandom(config.seed * 104729 + patient.index);
  const first = patient.routines[0]!.startDate;
  let n = 0;
  const total = Math.max(
    1,
    Math.round((Date.parse(config.today) - Date.parse(first)) / 86_400_000),
  );
  for (let day = first, d = 0; day <= config.today; day = addDays(day, 1), d++) {
    const weekday = isoWeekday(day);
    for (const routine of patient.routines) {
      if (routine.startDate > day || (routine.endDate && routine.endDate < day)) continue;
      for (const item of routine.items) {
        if (!isScheduledOn(item.daysMask, weekday)) continue;
        for (let session = 1; session <= item.timesPerDay; session++) {
          if (!r.chance(patient.adherence)) break;
          yield {
            completion: {
              id: historyId(r, patient.index, n),
              patientId: patient.user.id,
              routineItemId: item.id,
              performedOn: day,
              session,
              idempotencyKey: `bench-${patient.index}-${n++}`,
            },
          };
        }
      }
    }
    if (r.chance(patient.reportRate)) {
      const trend = patient.painStart + ((patient.painEnd - patient.painStart) * d) / total;
      const score = Math.max(0, Math.min(10, Math.round(trend + r.noise(1))));
      yield {
        pain: {
          id: historyId(r, patient.index, n),
          patientId: patient.user.id,
          reportedOn: day,
          score,
          note: r.chance(0.05) ? 'Stiff in the morning, easier after walking.' : '',
          idempotencyKey: `bench-${patient.index}-${n++}`,
        },
      };
    }
  }
}
