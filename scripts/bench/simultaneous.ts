/**
 * Every logger at once: each patient submits a few days, then replays their first submission
 * (same key). Afterwards every submission must be stored exactly once (issue 15: as today).
 */
import { randomUUID } from 'node:crypto';
import { addDays, type IsoDate } from '@/lib/dates';
import type { Fixture } from './fixture';
import { load } from './http';
import type { RawDb } from './raw-db';
import { INFO, type Report } from './report';
import { summarise } from './stats';

export interface Submitted {
  email: string;
  key: string;
  day: IsoDate;
}

export async function simultaneousSaves(options: {
  base: string;
  cookies: Map<string, string>;
  fixture: Fixture;
  today: IsoDate;
  logDays: number;
  report: Report;
}): Promise<Submitted[]> {
  const { fixture, logDays, report } = options;
  const submitted: Submitted[] = [];
  const days = [...Array(logDays).keys()].map((d) => addDays(options.today, -d));
  const bodies = fixture.loggerEmails.map((email) =>
    days.map((day) => {
      const key = randomUUID();
      submitted.push({ email, key, day });
      const plan = fixture.plans.get(email)?.get(day) ?? [];
      // Every session of the day marked done, as changes; the server caps each at its times per day.
      return JSON.stringify({
        idempotencyKey: key,
        date: day,
        exercises: Object.fromEntries(
          plan.map((item) => [item.id, { exerciseId: item.exerciseId, change: item.timesPerDay }]),
        ),
        pain: 4,
        note: '',
      });
    }),
  );
  const logs = await load({
    concurrency: fixture.loggerEmails.length,
    perWorker: logDays + 1,
    request: (worker, n) =>
      fetch(`${options.base}/api/patient/day-log`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: options.cookies.get(fixture.loggerEmails[worker]!)!,
        },
        // The last request of each patient replays their first submission (same key).
        body: bodies[worker]![n < logDays ? n : 0],
      }),
  });
  report.noteErrors('simultaneous saves', logs);
  const { p50, p95, p99 } = summarise(logs.latencies);
  const clients = fixture.loggerEmails.length;
  for (const [name, value] of [
    ['p50', p50],
    ['p95', p95],
    ['p99', p99],
  ] as const) {
    report.record({
      figure: `${clients} simultaneous saves ${name}`,
      value,
      unit: 'ms',
      target: INFO,
      met: true,
    });
  }
  report.record({
    figure: `${clients} simultaneous saves errors`,
    value: logs.errors,
    unit: 'count',
    target: '0',
    met: logs.errors === 0,
  });
  return submitted;
}

/** Every submission stored exactly once: its key recorded once, no item over its times per day. */
export async function checkStored(
  db: RawDb,
  submitted: Submitted[],
  expectedPain: number,
  report: Report,
): Promise<void> {
  const keys = submitted.map((s) => s.key);
  const [stored] = await db.query<{ keys: number; pain: number; over: number }>(
    `select
       (select count(*)::int from idempotency_keys where key = any($1::text[])) as keys,
       (select count(*)::int from pain_reports where idempotency_key = any($1::text[])) as pain,
       (select count(*)::int from (
          select routine_item_id, performed_on from completions c
          join routine_items ri on ri.id = c.routine_item_id
          group by routine_item_id, performed_on, ri.times_per_day
          having count(*) > ri.times_per_day) x) as over`,
    [keys],
  );
  const lost = submitted.length - (stored?.keys ?? 0);
  const doubled = (stored?.keys ?? 0) - submitted.length + (stored?.over ?? 0);
  const clients = new Set(submitted.map((s) => s.email)).size;
  report.record({
    figure: `${clients} simultaneous saves lost`,
    value: Math.max(0, lost),
    unit: 'count',
    target: '0',
    met: lost === 0,
  });
  report.record({
    figure: `${clients} simultaneous saves doubled`,
    value: Math.max(0, doubled),
    unit: 'count',
    target: '0',
    met: doubled <= 0,
  });
  if ((stored?.pain ?? 0) !== expectedPain) {
    report.note(
      `pain reports from the simultaneous saves: ${stored?.pain}, expected ${expectedPain}.`,
    );
  }
}
