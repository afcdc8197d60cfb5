/**
 * What the benchmark needs to know of the generated clinic: the big caseload's physio, the patient
 * with the longest record, and the first `loggers` patients with each day's programme (to build
 * saves the server accepts).
 */
import { addDays, isoWeekday, type IsoDate } from '@/lib/dates';
import { isScheduledOn } from '@/lib/weekdays';
import { BENCH_DOMAIN } from './dataset';
import type { RawDb } from './raw-db';
import { BenchSetupError } from './report';

export const PHYSIO_EMAIL = `physio01@${BENCH_DOMAIN}`;
export const ADMIN_EMAIL = `admin@${BENCH_DOMAIN}`;

export interface Fixture {
  physioId: string;
  recordPatientId: string;
  loggerEmails: string[];
  loggerIds: string[];
  /** A library exercise, for the exercise pages' first-load JavaScript. */
  exerciseId: string;
  plans: Map<string, Map<IsoDate, PlannedItem[]>>;
}

export interface PlannedItem {
  id: string;
  exerciseId: string;
  timesPerDay: number;
}

export async function readFixture(
  db: RawDb,
  options: { today: IsoDate; loggers: number; logDays: number },
): Promise<Fixture> {
  const { today, loggers, logDays } = options;
  const [physio] = await db.query<{ id: string }>('select id from users where email = $1', [
    PHYSIO_EMAIL,
  ]);
  if (!physio) {
    throw new BenchSetupError(
      'No benchmark data here: run `npm run bench:data` first (same DATABASE_URL).',
    );
  }
  const [big] = await db.query<{ id: string }>(
    `select pp.user_id as id from patient_profiles pp
     join routines r on r.patient_id = pp.user_id
     where pp.physio_id = $1
     group by pp.user_id order by min(r.start_date), pp.user_id limit 1`,
    [physio.id],
  );
  const patients = await db.query<{ id: string; email: string }>(
    `select id, email from users where role = 'patient' and email like $1 order by email limit $2`,
    [`%@${BENCH_DOMAIN}`, loggers],
  );
  const items = await db.query<{
    patientId: string;
    id: string;
    exerciseId: string;
    timesPerDay: number;
    daysMask: number;
    startDate: IsoDate;
    endDate: IsoDate | null;
  }>(
    `select r.patient_id as "patientId", ri.id, ri.exercise_id as "exerciseId",
            ri.times_per_day as "timesPerDay", ri.days_mask as "daysMask",
            r.start_date::text as "startDate", r.end_date::text as "endDate"
     from routines r join routine_items ri on ri.routine_id = r.id
     where r.patient_id = any($1::uuid[])`,
    [patients.map((p) => p.id)],
  );
  const [exercise] = await db.query<{ id: string }>(
    'select id from exercises order by library_key nulls last, id limit 1',
  );
  const plans = new Map<string, Map<IsoDate, PlannedItem[]>>();
  for (const patient of patients) {
    const days = new Map<IsoDate, PlannedItem[]>();
    for (let d = 0; d < logDays; d++) {
      const day = addDays(today, -d);
      days.set(
        day,
        items
          .filter(
            (i) =>
              i.patientId === patient.id &&
              i.startDate <= day &&
              (!i.endDate || i.endDate >= day) &&
              isScheduledOn(i.daysMask, isoWeekday(day)),
          )
          .map((i) => ({ id: i.id, exerciseId: i.exerciseId, timesPerDay: i.timesPerDay })),
      );
    }
    plans.set(patient.email, days);
  }
  return {
    physioId: physio.id,
    recordPatientId: big!.id,
    loggerEmails: patients.map((p) => p.email),
    loggerIds: patients.map((p) => p.id),
    exerciseId: exercise!.id,
    plans,
  };
}
