/**
 * Day-log saves: the workload (each save marks a patient's whole day done, the next one of that
 * patient undoes it, so every save writes), the app under it (closed-loop saturation, open loop),
 * and the raw-SQL floor — the app's save transaction sent by the bench process itself.
 */
import { randomUUID } from 'node:crypto';
import type { IsoDate } from '@/lib/dates';
import type { Fixture } from './fixture';
import { closedLoop, load, openLoop, type LoadResult } from './http';
import type { Query, RawDb } from './raw-db';
import type { Level } from './report';
import { summarise } from './stats';

/** Alternates each patient between "all done" and "all undone" on `today`, save by save. */
export class SaveWorkload {
  private readonly count = new Map<number, number>();

  constructor(
    private readonly fixture: Fixture,
    private readonly today: IsoDate,
  ) {}

  get patients(): number {
    return this.fixture.loggerEmails.length;
  }

  emailOf(p: number): string {
    return this.fixture.loggerEmails[p]!;
  }

  /** The next save of patient `p` (an index into the fixture's loggers): direction and items. */
  next(p: number) {
    const n = this.count.get(p) ?? 0;
    this.count.set(p, n + 1);
    const email = this.fixture.loggerEmails[p]!;
    const items = this.fixture.plans.get(email)?.get(this.today) ?? [];
    // Pain alternates too, so its update writes a new value each time.
    return {
      email,
      patientId: this.fixture.loggerIds[p]!,
      items,
      add: n % 2 === 0,
      pain: n % 2 ? 3 : 6,
    };
  }

  /** The JSON body the patient's screen would send for the next save of patient `p`. */
  body(p: number): string {
    const save = this.next(p);
    return JSON.stringify({
      idempotencyKey: randomUUID(),
      date: this.today,
      exercises: Object.fromEntries(
        save.items.map((item) => [
          item.id,
          { exerciseId: item.exerciseId, change: save.add ? item.timesPerDay : -item.timesPerDay },
        ]),
      ),
      pain: save.pain,
      note: '',
    });
  }
}

function postSave(base: string, cookie: string, body: string): Promise<Response> {
  return fetch(`${base}/api/patient/day-log`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body,
  });
}

/**
 * Worker w of `clients` saves for patients w, w + clients, w + 2·clients, … in turn, so no two
 * workers save for the same patient (the app would serialise them on the patient's lock).
 */
export function patientOf(worker: number, n: number, clients: number, patients: number): number {
  const own = Math.max(1, Math.floor(patients / clients));
  return (worker + clients * (n % own)) % patients;
}

export function level(clients: number, result: LoadResult): Level {
  const { p50, p95 } = summarise(result.latencies);
  return {
    clients,
    throughput: result.requests / result.seconds,
    p50,
    p95,
    errors: result.errors,
    ...(result.firstError ? { firstError: result.firstError } : {}),
  };
}

export async function saturateAppSaves(options: {
  base: string;
  cookies: Map<string, string>;
  workload: SaveWorkload;
  levels: readonly number[];
  seconds: number;
}): Promise<Level[]> {
  const { workload } = options;
  const levels: Level[] = [];
  for (const clients of options.levels) {
    const result = await load({
      concurrency: clients,
      seconds: options.seconds,
      request: (worker, n) => {
        const p = patientOf(worker, n, clients, workload.patients);
        return postSave(options.base, options.cookies.get(workload.emailOf(p))!, workload.body(p));
      },
    });
    levels.push(level(clients, result));
  }
  return levels;
}

/** `rate` saves a second for `seconds`, at fixed times, patients in turn. */
export function openLoopSaves(options: {
  base: string;
  cookies: Map<string, string>;
  workload: SaveWorkload;
  schedule: readonly number[];
}) {
  const { workload } = options;
  return openLoop({
    schedule: options.schedule,
    request: (n) => {
      const p = n % workload.patients;
      return postSave(options.base, options.cookies.get(workload.emailOf(p))!, workload.body(p));
    },
  });
}

/**
 * The app's day-log save transaction (db/queries/day-log.ts saveInTransaction, with
 * withLockedPatientOnce), statement for statement, at the same isolation (the
 * default, read committed) — sent by the bench process with no HTTP, session check, validation
 * or ORM. Update it when the app's save changes its statements.
 */
export async function rawSave(
  query: Query,
  save: ReturnType<SaveWorkload['next']>,
  today: IsoDate,
): Promise<void> {
  const patient = save.patientId;
  const key = randomUUID();
  // withLockedPatientOnce: the patient's profile locked (the patient sees their own) and the key
  // claimed from it, in one statement.
  await query(
    `with locked as (select "user_id", "discharged_on" from "patient_profiles"
       where ("patient_profiles"."user_id" = $1 and "patient_profiles"."user_id" = $2) for update),
     claimed as (insert into "idempotency_keys" ("user_id", "key", "operation", "result")
       select $3::uuid, $4::text, $5::text, '{}'::jsonb from locked
       on conflict do nothing returning "key")
     select user_id as "userId", discharged_on as "dischargedOn",
            exists (select from claimed) as claimed
     from locked`,
    [patient, patient, patient, key, 'day_log'],
  );
  // readDay (db/queries/day-log-statements.ts): the routine in force with its items and the
  // sessions logged, and the day's pain report, in one statement.
  const [read] = await query<{
    routine: {
      items: { id: string; timesPerDay: number; logged: { id: string; session: number }[] }[];
    } | null;
    pain: { id: string } | null;
  }>(
    `select (select json_build_object(
       'id', "routines"."id", 'title', "routines"."title", 'startDate', "routines"."start_date",
       'items', (select coalesce(json_agg(json_build_object(
           'id', "routine_items"."id", 'exerciseId', "routine_items"."exercise_id",
           'exerciseName', "exercises"."name", 'instructions', "exercises"."instructions",
           'sets', "routine_items"."sets", 'reps', "routine_items"."reps",
           'holdSeconds', "routine_items"."hold_seconds", 'daysMask', "routine_items"."days_mask",
           'timesPerDay', "routine_items"."times_per_day", 'note', "routine_items"."note",
           'logged', (select coalesce(json_agg(json_build_object(
                 'id', "completions"."id", 'session', "completions"."session")
               order by "completions"."session" desc), '[]'::json)
             from "completions"
             where "completions"."routine_item_id" = "routine_items"."id"
               and "completions"."performed_on" = $1 and "completions"."patient_id" = $2))
         order by "routine_items"."position"), '[]'::json)
         from "routine_items" inner join "exercises" on "exercises"."id" = "routine_items"."exercise_id"
         where "routine_items"."routine_id" = "routines"."id"))
       from "routines"
       where "routines"."patient_id" = $3 and "routines"."start_date" <= $4
         and ("routines"."end_date" is null or "routines"."end_date" >= $5)
       limit 1) as routine,
     (select json_build_object(
        'id', "pain_reports"."id", 'score', "pain_reports"."score", 'note', "pain_reports"."note")
      from "pain_reports"
      where "pain_reports"."patient_id" = $6 and "pain_reports"."reported_on" = $7) as pain`,
    [today, patient, patient, today, today, patient, today],
  );
  const items = read?.routine?.items ?? [];
  const planned = new Set(save.items.map((item) => item.id));
  // writeDay: the completions added or taken back and the pain report, in one statement.
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const added: string[] = [];
  const undone: string[] = [];
  for (const item of items.filter((item) => planned.has(item.id))) {
    if (save.add) {
      const taken = new Set(item.logged.map((c) => c.session));
      for (let session = 1; session <= item.timesPerDay; session++) {
        if (taken.has(session)) continue;
        added.push(
          `(default, ${param(patient)}, ${param(item.id)}, ${param(today)}, ${param(session)}, ` +
            `${param(`${key}:${item.id}:${session}`)}, default)`,
        );
      }
    } else {
      undone.push(...item.logged.map((c) => c.id));
    }
  }
  if (added.length > 0) {
    parts.push(
      `added as (insert into "completions" ("id", "patient_id", "routine_item_id", "performed_on",
         "session", "idempotency_key", "created_at") values ${added.join(', ')})`,
    );
  }
  if (undone.length > 0) {
    const patientParam = param(patient);
    parts.push(
      `undone as (delete from "completions" where ("completions"."patient_id" = ${patientParam}
         and "completions"."id" in (${undone.map(param).join(', ')})))`,
    );
  }
  if (read?.pain) {
    parts.push(
      `pain as (update "pain_reports" set "score" = ${param(save.pain)}, "note" = ${param('')},
         "idempotency_key" = ${param(key)}, "updated_at" = ${param(new Date())}
       where ("pain_reports"."patient_id" = ${param(patient)} and "pain_reports"."id" = ${param(read.pain.id)}))`,
    );
  } else {
    parts.push(
      `pain as (insert into "pain_reports" ("id", "patient_id", "reported_on", "score", "note",
         "idempotency_key", "created_at", "updated_at")
       values (default, ${param(patient)}, ${param(today)}, ${param(save.pain)}, ${param('')}, ${param(key)}, default, default))`,
    );
  }
  // The result kept for a replay (withIdempotency's KeepResult), the write's last part; its size
  // as the app's: the day's items.
  const result = {
    date: today,
    sessionsDone: 0,
    painScore: save.pain,
    items: items.map((item) => ({ itemId: item.id, done: item.logged.length })),
    programmeChanged: null,
  };
  parts.push(
    `kept as (update "idempotency_keys" set "result" = ${param(result)}
       where ("idempotency_keys"."user_id" = ${param(patient)} and "idempotency_keys"."key" = ${param(key)}))`,
  );
  await query(`with ${parts.join(', ')} select 1`, params);
}

/** The raw-SQL save floor: `clients` bench connections saving in a closed loop. */
export async function rawSaveFloor(options: {
  db: RawDb;
  workload: SaveWorkload;
  today: IsoDate;
  clients: number;
  seconds: number;
}): Promise<Level> {
  const { db, workload } = options;
  const result = await closedLoop({
    concurrency: options.clients,
    seconds: options.seconds,
    task: async (worker, n) => {
      const save = workload.next(patientOf(worker, n, options.clients, workload.patients));
      await db.transaction((query) => rawSave(query, save, options.today));
      return true;
    },
  });
  return level(options.clients, result);
}
