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
 * withLockedPatient and withIdempotency), statement for statement, at the same isolation (the
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
  // withLockedPatient: the patient's profile, locked (the patient sees their own).
  await query(
    `select "user_id", "discharged_on" from "patient_profiles"
     where ("patient_profiles"."user_id" = $1 and "patient_profiles"."user_id" = $2) for update`,
    [patient, patient],
  );
  // withIdempotency: the key claimed first.
  await query(
    `insert into "idempotency_keys" ("user_id", "key", "operation", "result", "created_at")
     values ($1, $2, $3, $4, default) on conflict do nothing returning "key"`,
    [patient, key, 'day_log', {}],
  );
  // planForDay: the routine in force, then its items with the sessions done.
  const [routine] = await query<{ id: string }>(
    `select "id", "title", "start_date" from "routines"
     where ("routines"."patient_id" = $1 and "routines"."start_date" <= $2
            and ("routines"."end_date" is null or "routines"."end_date" >= $3)) limit $4`,
    [patient, today, today, 1],
  );
  const items = routine
    ? await query<{ id: string; times_per_day: number; done: number }>(
        `select "routine_items"."id", "routine_items"."exercise_id", "exercises"."name",
                "exercises"."instructions", "routine_items"."sets", "routine_items"."reps",
                "routine_items"."hold_seconds", "routine_items"."days_mask",
                "routine_items"."times_per_day", "routine_items"."note",
                (select count(*)::int from "completions"
                 where "completions"."routine_item_id" = "routine_items"."id"
                   and "completions"."performed_on" = $1 and "completions"."patient_id" = $2) as done
         from "routine_items" inner join "exercises" on "exercises"."id" = "routine_items"."exercise_id"
         where "routine_items"."routine_id" = $3 order by "routine_items"."position" asc`,
        [today, patient, routine.id],
      )
    : [];
  const planned = new Set(save.items.map((item) => item.id));
  const changed = items.filter((item) => planned.has(item.id));
  if (changed.length > 0) {
    const ids = changed.map((item) => item.id);
    const logged = await query<{ id: string; routine_item_id: string; session: number }>(
      `select "id", "routine_item_id", "session" from "completions"
       where ("completions"."patient_id" = $1 and "completions"."performed_on" = $2
              and "completions"."routine_item_id" in (${ids.map((_, i) => `$${i + 3}`).join(', ')}))
       order by "completions"."session" desc`,
      [patient, today, ...ids],
    );
    const added: unknown[][] = [];
    const undone: string[] = [];
    for (const item of changed) {
      const mine = logged.filter((c) => c.routine_item_id === item.id);
      if (save.add) {
        const taken = new Set(mine.map((c) => c.session));
        for (let session = 1; session <= item.times_per_day; session++) {
          if (!taken.has(session)) {
            added.push([patient, item.id, today, session, `${key}:${item.id}:${session}`]);
          }
        }
      } else {
        undone.push(...mine.map((c) => c.id));
      }
    }
    if (added.length > 0) {
      await query(
        `insert into "completions" ("id", "patient_id", "routine_item_id", "performed_on", "session",
                                    "idempotency_key", "created_at")
         values ${added.map((_, r) => `(default, $${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5}, default)`).join(', ')}`,
        added.flat(),
      );
    }
    if (undone.length > 0) {
      await query(
        `delete from "completions" where ("completions"."patient_id" = $1
           and "completions"."id" in (${undone.map((_, i) => `$${i + 2}`).join(', ')}))`,
        [patient, ...undone],
      );
    }
  }
  // savePain: the day's report, updated or created.
  const [existing] = await query<{ id: string }>(
    `select "id", "score" from "pain_reports"
     where ("pain_reports"."patient_id" = $1 and "pain_reports"."reported_on" = $2)`,
    [patient, today],
  );
  if (existing) {
    await query(
      `update "pain_reports" set "score" = $1, "note" = $2, "idempotency_key" = $3, "updated_at" = $4
       where ("pain_reports"."patient_id" = $5 and "pain_reports"."id" = $6)`,
      [save.pain, '', key, new Date(), patient, existing.id],
    );
  } else {
    await query(
      `insert into "pain_reports" ("id", "patient_id", "reported_on", "score", "note", "idempotency_key",
                                   "created_at", "updated_at")
       values (default, $1, $2, $3, $4, $5, default, default)`,
      [patient, today, save.pain, '', key],
    );
  }
  // withIdempotency: the result kept for a replay (its size as the app's: the day's items).
  await query(
    `update "idempotency_keys" set "result" = $1
     where ("idempotency_keys"."user_id" = $2 and "idempotency_keys"."key" = $3)`,
    [
      {
        date: today,
        sessionsDone: 0,
        painScore: save.pain,
        items: items.map((item) => ({ itemId: item.id, done: item.done })),
        programmeChanged: null,
      },
      patient,
      key,
    ],
  );
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
