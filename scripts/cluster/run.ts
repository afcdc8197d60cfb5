/**
 * `npm run test:cluster`: Adhere as a clinic group would run it, on loopback — a PostgreSQL
 * primary and a streaming replica (throw-away clusters in temporary folders, nothing on the
 * machine's own PostgreSQL changes), two production servers on one build, nginx round-robin in
 * front (deploy/nginx.conf) — then the faults the README's scale-out guide promises survive:
 * sessions and throttling across servers, idempotency, load, a crashed server, a database outage,
 * a lagging and a vanished replica. Each scenario prints its figures and asserts; everything is
 * torn down on success, failure and Ctrl-C. `--no-build` reuses the last `next build`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import webPush from 'web-push';
import { installDatabase, type Database } from '@/db/client';
import { openQueryStream } from '@/db/cursor';
import { weeklyExportQuery } from '@/db/exports';
import { rowsOf } from '@/db/metrics';
import { addDays, isoWeekday, type IsoDate } from '@/lib/dates';
import { weeklyCsvEncoder, type WeeklyExportRow } from '@/lib/reports/weekly-csv';
import { parseThrottledErrorCode, SIGN_IN_RULES } from '@/lib/sign-in-throttle';
import { localClock, timeOfDay } from '@/lib/reminders/clock';
import { REMINDER_URL, REMINDER_WORDING } from '@/lib/reminders/kinds';
import { isScheduledOn } from '@/lib/weekdays';
import {
  startPostgresCluster,
  startStreamingReplica,
  type PostgresCluster,
} from '../../tests/support/postgres-cluster';
import { startPushReceiver, type PushReceiver } from '../../tests/support/push-receiver';
import { BENCH_DOMAIN, BENCH_PASSWORD, FULL } from '../bench/dataset';
import { loadBenchClinic, openFreshBenchDatabase } from '../bench/load';
import { buildApp } from '../bench/server';
import { Jar, opens, percentile, signIn, signOut, sleep, timedFetch } from './http';
import {
  appServer,
  onTeardown,
  startNginx,
  teardown,
  waitFor200,
  type AppServer,
} from './topology';

const args = new Set(process.argv.slice(2));
/** `CLUSTER_PORT_OFFSET=100` moves every port (5540, 5541, 3410, …): two runs on one machine. */
const PORT_OFFSET = Number(process.env.CLUSTER_PORT_OFFSET ?? 0);
const PORTS = Object.fromEntries(
  Object.entries({ replica: 5440, primary: 5441, a: 3310, b: 3311, nginx: 8480 }).map(
    ([name, port]) => [name, port + PORT_OFFSET],
  ),
) as Record<'replica' | 'primary' | 'a' | 'b' | 'nginx', number>;
/** The clinic's time zone on both servers (APP_TIMEZONE): reminders go by its clock. */
const CLINIC_TIMEZONE = 'UTC';
/** Patients logging through nginx in the load phases, and the open-loop rate they send at. */
const LOGGERS = 200;
const RATE = Number(process.env.CLUSTER_RATE ?? 10);
const LOAD_SECONDS = Number(process.env.CLUSTER_LOAD_SECONDS ?? 60);
const CRASH_SECONDS = 30;
const OUTAGE_SECONDS = 40;
const OUTAGE_FOR_MS = 10_000;
/** No request may take longer than this to be answered, even while the database is down. */
const ANSWER_BOUND_MS = 15_000;
/** The harness's servers treat a replica this far behind as too far (DATABASE_REPLICA_MAX_LAG_SECONDS). */
const MAX_LAG_SECONDS = 5;
/** The servers' and PostgreSQL's logs of the last run are kept here. */
const LOG_FOLDER = path.resolve('.data/cluster');
const TODAY = new Date().toISOString().slice(0, 10) as IsoDate;

interface Outcome {
  name: string;
  ok: boolean;
  figures: string[];
  failures: string[];
}
const outcomes: Outcome[] = [];

/** `--only=WORD` runs the scenarios whose name contains WORD (set-up always runs). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const selected = (name: string) => !only || name.includes(only);

async function scenario(name: string, run: (o: Outcome) => Promise<void>): Promise<void> {
  if (!selected(name)) return;
  const outcome: Outcome = { name, ok: true, figures: [], failures: [] };
  const started = Date.now();
  console.log(`\n━━ ${name}`);
  try {
    await run(outcome);
  } catch (error) {
    outcome.failures.push(`threw: ${(error as Error).stack ?? String(error)}`);
  }
  outcome.ok = outcome.failures.length === 0;
  outcomes.push(outcome);
  for (const figure of outcome.figures) console.log(`   ${figure}`);
  for (const failure of outcome.failures) console.log(`   ✗ ${failure}`);
  console.log(
    `   ${outcome.ok ? '✓ passed' : '✗ FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

function check(o: Outcome, condition: boolean, message: string): void {
  if (!condition) o.failures.push(message);
}

// ── the cluster ──────────────────────────────────────────────────────────────────────────────

let primary!: PostgresCluster;
let replica!: PostgresCluster;
let db!: Database;
let pg!: Sql;
let replicaSql!: Sql;
let servers!: [AppServer, AppServer];
let lb!: string;
/** The push service both servers send to: a loopback stand-in that decrypts as the phone would. */
let receiver!: PushReceiver;
/** Clinic-local minute the servers started at, and their evening-nudge time (REMINDER_EVENING_TIME). */
let eveningMinutes = 0;

async function replayGap(): Promise<number> {
  const [{ lsn }] = (await pg`select pg_current_wal_lsn()::text as lsn`) as unknown as [
    { lsn: string },
  ];
  const [{ gap }] = (await replicaSql`
    select pg_wal_lsn_diff(${lsn}::pg_lsn, pg_last_wal_replay_lsn())::float8 as gap`) as unknown as [
    { gap: number },
  ];
  return gap;
}

async function waitForReplica(ms = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    try {
      if ((await replayGap()) <= 0) return Date.now() - started;
    } catch {
      // the replica is starting
    }
    await sleep(200);
  }
  throw new Error(`the replica did not catch up within ${ms / 1000} s`);
}

async function openSql(url: string): Promise<Sql> {
  const { default: postgres } = await import('postgres');
  return postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 3 });
}

async function setUp(): Promise<void> {
  if (!args.has('--no-build')) {
    console.log('━━ next build (once, for both servers)');
    buildApp();
  }
  // However the machine behaves, the run ends: past this, it fails and tears everything down.
  const minutes = Number(process.env.CLUSTER_TIMEOUT_MINUTES ?? 15);
  setTimeout(() => {
    console.error(`\n✗ the cluster run took longer than ${minutes} minutes: tearing down`);
    void teardown().finally(() => process.exit(1));
  }, minutes * 60_000).unref();
  // Scenarios write what they saw here as they go (a clean clone has no .data/ yet).
  mkdirSync(LOG_FOLDER, { recursive: true });
  receiver = await startPushReceiver();
  onTeardown(() => receiver.stop());
  // The evening nudge is due from now for the next hour (DEFAULT_GRACE_MINUTES): the reminder
  // scenario needs "evening now" whatever the hour the harness runs at. No quiet hours, likewise.
  eveningMinutes = localClock(new Date(), CLINIC_TIMEZONE).minutes;
  const reminderEnv = {
    APP_TIMEZONE: CLINIC_TIMEZONE,
    REMINDER_EVENING_TIME: timeOfDay(eveningMinutes),
    REMINDER_QUIET_HOURS: 'none',
    // Loopback only: what lib/env.ts accepts in production.
    PUSH_ALLOWED_PRIVATE_ORIGINS: receiver.origin,
  };
  // The harness's own calls into the data layer judge as the servers do (read once, on first use).
  Object.assign(process.env, reminderEnv);
  console.log('━━ PostgreSQL primary and streaming replica (temporary folders, loopback)');
  primary = await startPostgresCluster({ port: PORTS.primary });
  onTeardown(() => primary.destroy());
  const url = await primary.createDatabase('adhere');
  console.log(`   primary 127.0.0.1:${PORTS.primary} (${primary.dataDir})`);
  console.log(
    '   changed on the primary: nothing — PostgreSQL 10+ defaults to wal_level=replica and ' +
      "initdb's pg_hba.conf lets 127.0.0.1 replicate",
  );

  const config = {
    ...FULL,
    physios: 4,
    bigCaseload: 60,
    patients: LOGGERS + 20,
    weeks: 3,
    // History ends 8 days ago: the days a patient may log (today and the 7 before) start empty,
    // so every completion found there afterwards was written by this harness.
    today: addDays(TODAY, -8),
  };
  const handle = await openFreshBenchDatabase({ url, pgliteDir: '' });
  const loaded = await loadBenchClinic(handle, config);
  db = handle.db;
  // The harness's own calls into the data layer (an admin deactivating an account) use it too.
  process.env.DATABASE_URL = url;
  installDatabase(handle);
  onTeardown(() => handle.close());
  console.log(
    `   clinic: ${loaded.counts.patients} patients, ${loaded.counts.completions} completions, ` +
      `${loaded.counts.painReports} pain reports (${loaded.seconds.toFixed(1)} s)`,
  );
  pg = await openSql(url);
  onTeardown(() => pg.end({ timeout: 2 }));

  replica = await startStreamingReplica(primary, {
    port: PORTS.replica,
    // Every statement in the replica's log, with the connection's application_name: the proof
    // that the exports ran there.
    settings: { log_statement: 'all', log_line_prefix: "'%m [%p] %a '" },
  });
  onTeardown(() => replica.destroy());
  replicaSql = await openSql(replica.url('adhere'));
  onTeardown(() => replicaSql.end({ timeout: 2 }));
  const [{ standby }] = (await replicaSql`select pg_is_in_recovery() as standby`) as unknown as [
    { standby: boolean },
  ];
  if (!standby) throw new Error('the replica is not in recovery');
  console.log(
    `   replica 127.0.0.1:${PORTS.replica}: hot standby, caught up in ${await waitForReplica()} ms`,
  );

  console.log('━━ two production servers, one nginx');
  const env = {
    DATABASE_URL: url,
    DATABASE_REPLICA_URL: replica.url('adhere'),
    DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    NEXTAUTH_URL: `http://127.0.0.1:${PORTS.nginx}`,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TRUSTED_PROXY_HOPS: '1',
    LOG_LEVEL: 'info',
    ...reminderEnv,
    // One Web Push identity for the clinic, as every app server must share (phones subscribe to it).
    ...(() => {
      const keys = webPush.generateVAPIDKeys();
      return {
        VAPID_PUBLIC_KEY: keys.publicKey,
        VAPID_PRIVATE_KEY: keys.privateKey,
        VAPID_SUBJECT: 'mailto:cluster@adhere.invalid',
      };
    })(),
  };
  servers = [appServer('A', PORTS.a, env), appServer('B', PORTS.b, env)];
  // Registered before the servers' own teardown, so it runs after they have stopped.
  onTeardown(() => {
    mkdirSync(LOG_FOLDER, { recursive: true });
    for (const server of servers)
      writeFileSync(path.join(LOG_FOLDER, `server-${server.name}.log`), server.output());
    copyFileSync(
      path.join(path.dirname(replica.dataDir), 'server.log'),
      path.join(LOG_FOLDER, 'replica.log'),
    );
    copyFileSync(
      path.join(path.dirname(primary.dataDir), 'server.log'),
      path.join(LOG_FOLDER, 'primary.log'),
    );
  });
  await Promise.all(servers.map((server) => server.start()));
  for (const server of servers) console.log(`   server ${server.name}: ${server.base}`);
  ({ base: lb } = await startNginx({ listen: PORTS.nginx, upstreams: [PORTS.a, PORTS.b] }));
  console.log(`   nginx: ${lb} → ${PORTS.a}, ${PORTS.b} (deploy/nginx.conf)`);
}

// ── people ───────────────────────────────────────────────────────────────────────────────────

interface Slot {
  date: IsoDate;
  itemId: string;
  exerciseId: string;
}

interface Patient {
  id: string;
  email: string;
  slots: Slot[];
  jar?: Jar;
}

/** Everything each patient may still mark done on the loggable days, one session per slot. */
async function readPatients(): Promise<Map<string, Patient>> {
  const rows = rowsOf<{
    patientId: string;
    email: string;
    itemId: string;
    exerciseId: string;
    timesPerDay: number;
    daysMask: number;
    startDate: IsoDate;
    endDate: IsoDate | null;
  }>(
    await db.execute(sql`
      select u.id as "patientId", u.email, ri.id as "itemId", ri.exercise_id as "exerciseId",
             ri.times_per_day as "timesPerDay", ri.days_mask as "daysMask",
             r.start_date::text as "startDate", r.end_date::text as "endDate"
      from users u join routines r on r.patient_id = u.id join routine_items ri on ri.routine_id = r.id
      where u.role = 'patient' order by u.email, ri.position`),
  );
  const patients = new Map<string, Patient>();
  for (let d = 0; d <= 7; d++) {
    const date = addDays(TODAY, -d);
    for (const row of rows) {
      const active = row.startDate <= date && (!row.endDate || row.endDate >= date);
      if (!active || !isScheduledOn(row.daysMask, isoWeekday(date))) continue;
      let patient = patients.get(row.email);
      if (!patient)
        patients.set(row.email, (patient = { id: row.patientId, email: row.email, slots: [] }));
      for (let s = 0; s < row.timesPerDay; s++) {
        patient.slots.push({ date, itemId: row.itemId, exerciseId: row.exerciseId });
      }
    }
  }
  return patients;
}

function dayLogBody(key: string, slot: Slot): string {
  return JSON.stringify({
    idempotencyKey: key,
    date: slot.date,
    exercises: { [slot.itemId]: { exerciseId: slot.exerciseId, change: 1 } },
  });
}

// ── writes, retried with the same key until acknowledged ─────────────────────────────────────

interface Attempt {
  at: number;
  ms: number;
  status: number | null;
  error?: string;
  body: string;
}

interface Write {
  key: string;
  patient: Patient;
  acknowledged: boolean;
  replayed: boolean;
  attempts: Attempt[];
}

const allWrites: Write[] = [];
let clock0 = performance.now();

async function submit(
  base: string,
  patient: Patient,
  slot: Slot,
  giveUpAfterMs = 60_000,
): Promise<Write> {
  const write: Write = {
    key: randomUUID(),
    patient,
    acknowledged: false,
    replayed: false,
    attempts: [],
  };
  allWrites.push(write);
  const body = dayLogBody(write.key, slot);
  const started = performance.now();
  while (performance.now() - started < giveUpAfterMs) {
    const at = performance.now() - clock0;
    const result = await timedFetch(`${base}/api/patient/day-log`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: patient.jar!.header() },
      body,
      // A slow answer is waited for (a shared machine can be slow); only a hang counts as a failure.
      timeoutMs: 30_000,
    });
    const status = result.response?.status ?? null;
    write.attempts.push({
      at,
      ms: result.ms,
      status,
      error: result.error,
      body: result.body.slice(0, 400),
    });
    if (status === 200) {
      write.acknowledged = true;
      write.replayed = (JSON.parse(result.body) as { saved: { replayed: boolean } }).saved.replayed;
      return write;
    }
    // Refused for what it is (4xx): sending it again would not help; the scenario reports it.
    if (status !== null && status < 500) return write;
    // As a client should: 0.5 s, then doubling up to 4 s, so an outage is not met by a storm.
    await sleep(Math.min(500 * 2 ** (write.attempts.length - 1), 4_000));
  }
  return write;
}

/** Open loop: a request every 1/rate s whatever the answers, patients taken in turn. */
async function drive(
  patients: Patient[],
  options: { seconds: number; rate: number; events?: { atMs: number; run: () => Promise<void> }[] },
): Promise<{ writes: Write[]; sentPerSecond: number; startedAt: number }> {
  const total = Math.round(options.seconds * options.rate);
  const startedAt = performance.now() - clock0;
  const begin = performance.now();
  const pending: Promise<Write>[] = [];
  const events = (options.events ?? []).map(async (event) => {
    await sleep(event.atMs);
    await event.run();
  });
  let answered = 0;
  const ticker = setInterval(() => {
    const inFlight = pending.length - answered;
    console.log(
      `   … ${((performance.now() - begin) / 1000).toFixed(0)} s: ${pending.length} sent, ${answered} acknowledged or given up, ${inFlight} in flight`,
    );
  }, 10_000);
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const patient = patients[i % patients.length]!;
    const slot = patient.slots.shift();
    if (!slot) throw new Error(`${patient.email} has nothing left to log`);
    pending.push(
      submit(lb, patient, slot).finally(() => {
        answered++;
      }),
    );
  }
  const sentPerSecond = total / ((performance.now() - begin) / 1000);
  const writes = await Promise.all(pending);
  await Promise.all(events);
  clearInterval(ticker);
  return { writes, sentPerSecond, startedAt };
}

/** For each write: how many idempotency records and completions the database holds for its key. */
async function stored(
  writes: Write[],
): Promise<Map<string, { keys: number; completions: number }>> {
  const keys = writes.map((w) => w.key);
  const rows = (await pg`
    select k.key,
      (select count(*)::int from idempotency_keys i where i.key = k.key) as keys,
      (select count(*)::int from completions c where c.idempotency_key like k.key || ':%') as completions
    from unnest(${keys}::text[]) as k(key)`) as unknown as {
    key: string;
    keys: number;
    completions: number;
  }[];
  return new Map(rows.map((r) => [r.key, { keys: r.keys, completions: r.completions }]));
}

/** Every acknowledged write is there exactly once; an unacknowledged one at most once. */
async function verifyWrites(o: Outcome, writes: Write[]): Promise<void> {
  const found = await stored(writes);
  let lost = 0;
  let doubled = 0;
  let unacknowledgedStored = 0;
  for (const write of writes) {
    const row = found.get(write.key) ?? { keys: 0, completions: 0 };
    if (row.keys > 1 || row.completions > 1) doubled++;
    if (write.acknowledged && (row.keys !== 1 || row.completions !== 1)) lost++;
    if (!write.acknowledged && row.completions > 0) unacknowledgedStored++;
  }
  const acknowledged = writes.filter((w) => w.acknowledged).length;
  o.figures.push(
    `database: ${acknowledged} acknowledged writes, ${lost} lost, ${doubled} doubled` +
      (unacknowledgedStored ? `, ${unacknowledgedStored} unacknowledged but stored` : ''),
  );
  check(o, lost === 0, `${lost} acknowledged writes are missing from the database`);
  check(o, doubled === 0, `${doubled} writes were stored more than once`);
}

function describeLoad(o: Outcome, run: Awaited<ReturnType<typeof drive>>): void {
  const attempts = run.writes.flatMap((w) => w.attempts);
  const ok = attempts.filter((a) => a.status === 200).map((a) => a.ms);
  const failed = attempts.filter((a) => a.status !== 200);
  const byStatus = new Map<string, number>();
  for (const a of failed) {
    const label = a.status === null ? (a.error ?? 'no answer') : String(a.status);
    byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
  }
  o.figures.push(
    `${run.writes.length} writes sent at ${run.sentPerSecond.toFixed(1)}/s open loop by ` +
      `${new Set(run.writes.map((w) => w.patient.email)).size} patients through nginx; ` +
      `${attempts.length} requests in all`,
  );
  o.figures.push(
    `answered 200: p50 ${percentile(ok, 50).toFixed(0)} ms, p95 ${percentile(ok, 95).toFixed(0)} ms, ` +
      `p99 ${percentile(ok, 99).toFixed(0)} ms, max ${Math.max(0, ...ok).toFixed(0)} ms`,
  );
  o.figures.push(
    `failed requests: ${failed.length}` +
      (failed.length ? ` (${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ')})` : '') +
      `; writes retried: ${run.writes.filter((w) => w.attempts.length > 1).length}, ` +
      `never acknowledged: ${run.writes.filter((w) => !w.acknowledged).length}`,
  );
}

/**
 * A page that failed on the server arrives as the error boundary's shell with the error redacted
 * to a digest; the browser then shows components/ui/segment-error.tsx's words. What must never be
 * in it: the error's message, SQL, driver codes or a stack.
 */
// (In the flight data the quotes are escaped: \"digest\":\"…\".)
const REDACTED_PAGE = /\\?"digest\\?":/;
const INTERNALS = /Failed query|ECONNREFUSED|postgres|select |CONNECTION_|\n\s+at .+:\d+:\d+/i;
const STACK_TRACE = /\n\s+at .+\(.*:\d+:\d+\)|node_modules|\.next\/server/;

// ── scenarios ────────────────────────────────────────────────────────────────────────────────

async function signInAll(patients: Patient[]): Promise<number> {
  const started = Date.now();
  const queue = [...patients];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const { jar, error } = await signIn(lb, p.email, BENCH_PASSWORD);
        if (error) throw new Error(`${p.email} could not sign in: ${error}`);
        p.jar = jar;
      }
    }),
  );
  return Date.now() - started;
}

function logCount(predicate: (line: Record<string, unknown>) => boolean): number {
  return servers.reduce((n, server) => n + server.lines().filter(predicate).length, 0);
}

async function adminJar(): Promise<Jar> {
  const { jar, error } = await signIn(lb, `admin@${BENCH_DOMAIN}`, BENCH_PASSWORD);
  if (error) throw new Error(`the admin could not sign in: ${error}`);
  return jar;
}

async function primaryCsv(): Promise<string> {
  const rows = await openQueryStream<WeeklyExportRow>(
    db,
    weeklyExportQuery({ scope: { clinic: true }, today: TODAY }),
  );
  return new Response(rows.pipeThrough(weeklyCsvEncoder())).text();
}

/** The report pages an admin opens, through nginx: each must answer 200, whatever the replica does. */
async function reportPages(jar: Jar, patientId: string) {
  const pages = {
    'clinic figures': '/admin/figures',
    'audit log': '/admin/audit',
    'weekly CSV': '/api/reports/weekly.csv',
    'progress PDF': `/api/reports/patients/${patientId}/progress.pdf`,
  };
  const results: Record<string, { status: number | null; ms: number; body: string }> = {};
  for (const [name, path] of Object.entries(pages)) {
    const r = await timedFetch(`${lb}${path}`, {
      headers: { cookie: jar.header() },
      timeoutMs: 30_000,
    });
    results[name] = { status: r.response?.status ?? null, ms: r.ms, body: r.body };
  }
  return results;
}

/** Messages a server logged matching `pattern` (scripts/server.mjs makes console.log JSON lines). */
function outputLines(server: AppServer, pattern: RegExp): string[] {
  return server
    .lines()
    .map((line) => String(line.msg ?? ''))
    .filter((msg) => pattern.test(msg));
}

const TICK_LINE = /^Adhere reminders: tick: (\d+) recorded as due here, (\d+) sent/;

/**
 * Both servers tick each minute on the same clock and the same database: four patients, each with
 * a phone on the loopback push receiver, set up as a patient would leave them — reminders at this
 * very minute; logged today with the evening nudge due now; the same but nothing logged; reminders
 * turned off. Exactly one push each reaches the first and the third, none the others, and
 * reminder_sends holds one row each, sent, claimed once. Then the server that sent is stopped and
 * the other sends a fifth patient's alone: both were in the race.
 */
async function remindersScenario(o: Outcome, candidates: Patient[]): Promise<void> {
  const { saveOwnPushSubscription, saveOwnReminderPreferences } =
    await import('@/db/queries/reminders');
  const started = localClock(new Date(), CLINIC_TIMEZONE);
  // The wait must end on the date it began, and a time before the evening must be that date too.
  if (started.date !== TODAY || started.minutes > 24 * 60 - 5 || eveningMinutes < 1) {
    o.failures.push(
      `cannot run at ${timeOfDay(started.minutes)} ${CLINIC_TIMEZONE} (servers started ${timeOfDay(eveningMinutes)}): needs to start past 00:00 and end before midnight, clinic time`,
    );
    return;
  }
  const eligible = new Set(
    rowsOf<{ id: string }>(
      await db.execute(sql`
        select u.id from users u join patient_profiles pp on pp.user_id = u.id
        where u.active and (pp.discharged_on is null or pp.discharged_on > ${TODAY}::date)`),
    ).map((row) => row.id),
  );
  // Reminders go on the programme's days only: patients with exercises today.
  const chosen = candidates
    .filter((p) => eligible.has(p.id) && p.slots.some((s) => s.date === TODAY))
    .slice(0, 5);
  if (chosen.length < 5) throw new Error(`only ${chosen.length} patients have exercises today`);
  const names = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from users where role = 'patient'`),
  );
  const actor = (p: Patient) => ({
    id: p.id,
    role: 'patient' as const,
    name: names.find((n) => n.id === p.id)?.name ?? p.email,
    email: p.email,
    sessionId: randomUUID(),
  });
  const [due, logged, evening, off, alone] = chosen.map((patient) => ({
    patient,
    phone: receiver.phone(),
  })) as [
    { patient: Patient; phone: ReturnType<PushReceiver['phone']> },
    ...{ patient: Patient; phone: ReturnType<PushReceiver['phone']> }[],
  ];
  const everyone = [due, logged!, evening!, off!];

  // Logged first, then phones, then choices: no tick can find a half-made patient.
  logged!.patient.jar = (await signIn(lb, logged!.patient.email, BENCH_PASSWORD)).jar;
  const slot = logged!.patient.slots.find((s) => s.date === TODAY)!;
  logged!.patient.slots.splice(logged!.patient.slots.indexOf(slot), 1);
  const write = await submit(lb, logged!.patient, slot);
  check(o, write.acknowledged, 'the day log of the patient who logged today was not saved');
  for (const { patient, phone } of everyone) {
    const saved = await saveOwnPushSubscription(actor(patient), {
      endpoint: phone.endpoint,
      p256dh: phone.p256dh,
      auth: phone.auth,
    });
    check(o, saved.ok, `${patient.email}: the phone's subscription was refused`);
  }
  // Before the evening: the nudge is theirs once it is due (lib/reminders/due.ts), whether or not
  // the daily reminder's own hour is over — so it works whatever hour the harness starts at.
  const earlier = '00:00';
  const choose = async (p: Patient, enabled: boolean, dailyTime: string) => {
    const saved = await saveOwnReminderPreferences(
      actor(p),
      { enabled, dailyTime, daysMask: 127, push: true, email: false, eveningNudge: true },
      TODAY,
    );
    check(o, saved.ok, `${p.email}: reminder choices refused`);
  };
  await choose(off!.patient, false, timeOfDay(localClock(new Date(), CLINIC_TIMEZONE).minutes));
  await choose(logged!.patient, true, earlier);
  await choose(evening!.patient, true, earlier);
  const dailyMinutes = localClock(new Date(), CLINIC_TIMEZONE).minutes;
  await choose(due.patient, true, timeOfDay(dailyMinutes));
  const chosenAt = Date.now();
  const ticksBefore = servers.map((s) => outputLines(s, TICK_LINE).length);

  const sendsOf = async (whose = everyone) =>
    rowsOf<{
      patientId: string;
      kind: string;
      status: string;
      attempts: number;
      sentAt: string | null;
    }>(
      await db.execute(sql`
        select patient_id as "patientId", kind::text, status::text, attempts,
               sent_at::text as "sentAt"
        from reminder_sends
        where patient_id in (${sql.join(
          whose.map((x) => sql`${x.patient.id}::uuid`),
          sql`, `,
        )})`),
    );
  // The scheduler ticks on the minute: within about 60 s both servers have ticked once.
  let settledAfter: number | null = null;
  while (Date.now() - chosenAt < 90_000) {
    const rows = await sendsOf();
    const settled = rows.length >= 2 && rows.every((r) => !['due', 'sending'].includes(r.status));
    if (due.phone.received().length > 0 && evening!.phone.received().length > 0 && settled) {
      settledAfter = Date.now() - chosenAt;
      break;
    }
    await sleep(1_000);
  }
  // Both servers tick at the same second: a second send would come now, not a minute later.
  await sleep(5_000);
  const rows = await sendsOf();
  const rowsFor = (x: { patient: Patient }) => rows.filter((r) => r.patientId === x.patient.id);
  const received = everyone.map((x) => x.phone.received() as Record<string, unknown>[]);
  const sentPerServer = servers.map((s, i) =>
    outputLines(s, TICK_LINE)
      .slice(ticksBefore[i])
      .reduce((n, line) => n + Number(TICK_LINE.exec(line)![2]), 0),
  );
  const announced = servers.filter((s) =>
    outputLines(s, /pushes may also go to/)
      .join()
      .includes(receiver.origin),
  ).length;
  const dueSentAt = rowsFor(due)[0]?.sentAt;
  const dueSentMinute = dueSentAt ? localClock(new Date(dueSentAt), CLINIC_TIMEZONE).minutes : null;

  o.figures.push(
    `servers started at ${timeOfDay(eveningMinutes)} ${CLINIC_TIMEZONE} (their evening time); both announce the receiver's loopback origin: ${announced}/2`,
  );
  o.figures.push(
    `pushes decrypted: reminders at ${timeOfDay(dailyMinutes)} ${received[0]!.length} (${received[0]!.map((r) => r.kind).join()}), logged today ${received[1]!.length}, nothing logged at evening time ${received[2]!.length} (${received[2]!.map((r) => r.kind).join()}), turned off ${received[3]!.length}; ${receiver.pushes.length} requests at the receiver`,
  );
  o.figures.push(
    `settled ${settledAfter === null ? 'not within 90 s' : `${(settledAfter / 1000).toFixed(1)} s after the choices were saved`}; the daily one sent at ${dueSentMinute === null ? '—' : timeOfDay(dueSentMinute)}; sent per server (tick log): A ${sentPerServer[0]}, B ${sentPerServer[1]}`,
  );
  o.figures.push(
    `reminder_sends: ${everyone
      .map(
        (x, i) =>
          `${['due now', 'logged', 'evening', 'off'][i]} [${rowsFor(x)
            .map((r) => `${r.kind} ${r.status} ×${r.attempts}`)
            .join('; ')}]`,
      )
      .join(', ')}`,
  );
  check(o, announced === 2, 'a server did not log the loopback push origin it allows');
  const payload = (r: Record<string, unknown> | undefined, kind: 'daily' | 'evening') =>
    r?.title === REMINDER_WORDING[kind].title &&
    r?.body === REMINDER_WORDING[kind].body &&
    r?.url === REMINDER_URL &&
    r?.kind === kind;
  check(
    o,
    received[0]!.length === 1 && payload(received[0]![0], 'daily'),
    `the patient due now got ${JSON.stringify(received[0])}, not one daily reminder`,
  );
  check(
    o,
    received[2]!.length === 1 && payload(received[2]![0], 'evening'),
    `the patient who logged nothing got ${JSON.stringify(received[2])}, not one evening nudge`,
  );
  check(o, received[1]!.length === 0, 'the patient who logged today was reminded');
  check(o, received[3]!.length === 0, 'the patient with reminders off was reminded');
  check(o, receiver.pushes.length === 2, `${receiver.pushes.length} pushes, not 2`);
  const oneSent = (x: { patient: Patient }, kind: string) => {
    const found = rowsFor(x);
    return (
      found.length === 1 &&
      found[0]!.kind === kind &&
      found[0]!.status === 'sent' &&
      found[0]!.attempts === 1
    );
  };
  check(o, oneSent(due, 'daily'), 'reminder_sends: not one daily row sent, claimed once');
  check(o, oneSent(evening!, 'evening'), 'reminder_sends: not one evening row sent, claimed once');
  check(o, rowsFor(logged!).length === 0 && rowsFor(off!).length === 0, 'rows for the others');
  check(
    o,
    dueSentMinute !== null && dueSentMinute >= dailyMinutes && dueSentMinute <= dailyMinutes + 1,
    'the daily reminder was not sent in the minute chosen or the next',
  );
  check(
    o,
    sentPerServer[0]! + sentPerServer[1]! === 2,
    `the servers' tick logs say ${sentPerServer.join(' + ')} sent, not 2`,
  );

  // One server may win every claim above (a tick that finds nothing logs nothing): the other was
  // in the race all the same. With the one that sent stopped, the other sends the next alone.
  const [winner, other] = (
    sentPerServer[0]! >= sentPerServer[1]! ? servers : [servers[1], servers[0]]
  ) as [AppServer, AppServer];
  await winner.kill('SIGTERM');
  try {
    const otherTicks = outputLines(other, TICK_LINE).length;
    const saved = await saveOwnPushSubscription(actor(alone!.patient), {
      endpoint: alone!.phone.endpoint,
      p256dh: alone!.phone.p256dh,
      auth: alone!.phone.auth,
    });
    check(o, saved.ok, `${alone!.patient.email}: the phone's subscription was refused`);
    await choose(alone!.patient, true, timeOfDay(localClock(new Date(), CLINIC_TIMEZONE).minutes));
    const aloneAt = Date.now();
    while (Date.now() - aloneAt < 90_000 && alone!.phone.received().length === 0) {
      await sleep(1_000);
    }
    const arrivedAfter = Date.now() - aloneAt;
    await sleep(3_000);
    const aloneRows = await sendsOf([alone!]);
    const aloneReceived = alone!.phone.received() as Record<string, unknown>[];
    const otherSent = outputLines(other, TICK_LINE)
      .slice(otherTicks)
      .reduce((n, line) => n + Number(TICK_LINE.exec(line)![2]), 0);
    o.figures.push(
      `${winner.name} stopped: ${other.name} alone sent the next patient's reminder (${aloneReceived.length} push, ${(arrivedAfter / 1000).toFixed(1)} s after the choice; its tick log: ${otherSent} sent; reminder_sends [${aloneRows.map((r) => `${r.kind} ${r.status} ×${r.attempts}`).join('; ')}])`,
    );
    check(
      o,
      aloneReceived.length === 1 && payload(aloneReceived[0], 'daily') && otherSent === 1,
      `${other.name} did not send the reminder alone: its scheduler was not in the race`,
    );
    check(
      o,
      aloneRows.length === 1 && aloneRows[0]!.status === 'sent' && aloneRows[0]!.attempts === 1,
      'reminder_sends: the reminder sent by one server alone is not one row sent, claimed once',
    );
  } finally {
    await winner.start();
  }
}

async function main(): Promise<void> {
  const wallStarted = Date.now();
  await setUp();
  const patients = await readPatients();
  const loggers = [...patients.values()].slice(0, LOGGERS);
  const [a, b] = servers;
  const firstOther = [...patients.values()].slice(LOGGERS);

  await scenario('sessions: signed in on one server, working on the other', async (o) => {
    const p = firstOther[0]!;
    const { jar, error } = await signIn(a.base, p.email, BENCH_PASSWORD);
    check(o, error === null, `sign-in on A failed: ${error}`);
    const onB = await opens(b.base, '/patient', jar);
    const onA = await opens(a.base, '/patient', jar);
    let later = 0;
    for (let i = 0; i < 10; i++) if (await opens(b.base, '/patient/progress', jar)) later++;
    o.figures.push(
      `signed in on A; /patient on B: ${onB ? 200 : 'refused'}, on A: ${onA ? 200 : 'refused'}; 10 later requests on B: ${later} answered`,
    );
    check(o, onB && onA && later === 10, 'a session made on A did not work on B');

    const stolen = jar.copy();
    const status = await signOut(b.base, jar);
    const afterOnA = await opens(a.base, '/patient', stolen);
    const afterOnB = await opens(b.base, '/patient', stolen);
    o.figures.push(
      `signed out on B (HTTP ${status}); the old cookie afterwards: A ${afterOnA ? 'still works' : 'refused'}, B ${afterOnB ? 'still works' : 'refused'}`,
    );
    check(o, !afterOnA && !afterOnB, 'sign-out on B did not end the session on A');

    const q = firstOther[1]!;
    const second = await signIn(b.base, q.email, BENCH_PASSWORD);
    check(
      o,
      (await opens(a.base, '/patient', second.jar)) === true,
      'the second session does not work on A',
    );
    const { setAccountActive } = await import('@/db/queries/accounts');
    const [admin] = rowsOf<{ id: string; name: string }>(
      await db.execute(sql`select id, name from users where email = ${`admin@${BENCH_DOMAIN}`}`),
    );
    const deactivated = await setAccountActive(
      {
        id: admin!.id,
        role: 'admin',
        name: admin!.name,
        email: `admin@${BENCH_DOMAIN}`,
        sessionId: randomUUID(),
      },
      { userId: q.id, active: false },
    );
    check(o, deactivated.ok, 'deactivation was refused');
    const deadOnA = !(await opens(a.base, '/patient', second.jar));
    const deadOnB = !(await opens(b.base, '/patient', second.jar));
    const again = await signIn(a.base, q.email, BENCH_PASSWORD);
    o.figures.push(
      `deactivated by an admin: session refused on A ${deadOnA}, on B ${deadOnB}; signing in again on A: ${again.error ? 'refused' : 'allowed'}`,
    );
    check(
      o,
      deadOnA && deadOnB && again.error !== null,
      'deactivation did not take effect on both servers',
    );
  });

  await scenario(
    'throttling: guesses alternating between servers are slowed as on one',
    async (o) => {
      const guess = async (server: AppServer, email: string, address: string) => {
        const { error } = await signIn(
          server.base,
          email,
          `not the password ${randomUUID()}`,
          new Jar(),
          {
            'x-forwarded-for': address,
          },
        );
        const wait = parseThrottledErrorCode(error);
        return wait === null ? 'failed' : `throttled`;
      };
      const alternating: string[] = [];
      const single: string[] = [];
      for (let i = 0; i < 6; i++)
        alternating.push(await guess(servers[i % 2]!, firstOther[2]!.email, '198.51.100.10'));
      for (let i = 0; i < 6; i++)
        single.push(await guess(a, firstOther[3]!.email, '198.51.100.20'));
      o.figures.push(`alternating A/B: ${alternating.join(', ')}`);
      o.figures.push(`all on A:       ${single.join(', ')}`);
      // The guess after the free failures comes sooner than the first wait (0.5 s) is over, so it
      // is refused unchecked — alternating, it reaches B after failures counted on A and B alike.
      // (Later ones depend on how long each round trip takes on a busy machine: shown, not judged.)
      const free = SIGN_IN_RULES.account.freeFailures;
      const expected = [...Array<string>(free).fill('failed'), 'throttled'].join();
      check(
        o,
        alternating.slice(0, free + 1).join() === expected,
        `alternating guesses were not slowed after ${free} failures`,
      );
      check(
        o,
        single.slice(0, free + 1).join() === expected,
        `guesses on one server were not slowed after ${free} failures`,
      );
    },
  );

  await scenario('idempotency: one day log sent to both servers at once counts once', async (o) => {
    const p = firstOther[4]!;
    p.jar = (await signIn(lb, p.email, BENCH_PASSWORD)).jar;
    const writes: Write[] = [];
    let firsts = 0;
    for (let i = 0; i < 5; i++) {
      const slot = p.slots.shift()!;
      const key = randomUUID();
      const send = (server: AppServer) =>
        timedFetch(`${server.base}/api/patient/day-log`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: p.jar!.header() },
          body: dayLogBody(key, slot),
        });
      const answers = await Promise.all([send(a), send(b)]);
      const replayed = answers.map(
        (r) => (JSON.parse(r.body || '{}') as { saved?: { replayed?: boolean } }).saved?.replayed,
      );
      check(
        o,
        answers.every((r) => r.response?.status === 200),
        `key ${i + 1}: not both answered 200`,
      );
      firsts += replayed.filter((r) => r === false).length;
      writes.push({ key, patient: p, acknowledged: true, replayed: false, attempts: [] });
    }
    o.figures.push(
      `5 keys, each sent to A and B at the same moment: ${firsts} first saves, ${10 - firsts} replays`,
    );
    check(o, firsts === 5, 'a submission was saved as new by both servers');
    await verifyWrites(o, writes);
  });

  await scenario('reminders: two servers, one push each', (o) =>
    remindersScenario(o, firstOther.slice(7)),
  );

  const admin = await adminJar();
  const pdfPatient = loggers[0]!.id;

  await scenario('exports read from the replica and match the primary', async (o) => {
    await waitForReplica();
    const before = logCount((l) => l.msg === 'read from replica');
    const csv = await timedFetch(`${lb}/api/reports/weekly.csv`, {
      headers: { cookie: admin.header() },
      timeoutMs: 30_000,
    });
    check(o, csv.response?.status === 200, `the CSV answered ${csv.response?.status}`);
    const [{ n }] = (await replicaSql`
      select count(*)::int as n from pg_stat_activity
      where application_name = 'adhere-replica-reader'`) as unknown as [{ n: number }];
    const replicaLog = readFileSync(path.join(path.dirname(replica.dataDir), 'server.log'), 'utf8');
    const cursors = replicaLog
      .split('\n')
      .filter((line) => / adhere-replica-reader .*declare adhere_export/.test(line)).length;
    const expected = await primaryCsv();
    const lines = csv.body.split('\n').filter(Boolean).length - 1;
    o.figures.push(
      `weekly CSV: ${lines} patient-weeks in ${csv.ms.toFixed(0)} ms; ${n} app connection(s) in the replica's pg_stat_activity, the export's cursor ${cursors} time(s) in its statement log`,
    );
    o.figures.push(`identical to the same export read from the primary: ${csv.body === expected}`);
    check(o, n >= 1 && cursors >= 1, 'the export did not run on the replica');
    check(o, csv.body === expected, 'the CSV read from the replica differs from the primary');
    const pages = await reportPages(admin, pdfPatient);
    const fromReplica = logCount((l) => l.msg === 'read from replica') - before;
    o.figures.push(
      `figures, audit log, CSV, PDF: ${Object.entries(pages)
        .map(([k, v]) => `${k} ${v.status}`)
        .join(', ')}; ${fromReplica} reads logged "read from replica"`,
    );
    check(
      o,
      Object.values(pages).every((p) => p.status === 200),
      'a report page did not answer 200',
    );
    check(o, fromReplica >= 5, `only ${fromReplica} of the 5 report reads came from the replica`);
  });

  await scenario(
    'replica behind or away: report pages fall back to the primary, never an error',
    async (o) => {
      await replicaSql`select pg_wal_replay_pause()`;
      try {
        const p = firstOther[5]!;
        p.jar = (await signIn(lb, p.email, BENCH_PASSWORD)).jar;
        for (let i = 0; i < 3; i++) await submit(lb, p, p.slots.shift()!);
        await sleep((MAX_LAG_SECONDS + 2) * 1000);
        const gap = await replayGap();
        const before = logCount((l) => l.reason === 'replica too far behind');
        const pages = await reportPages(admin, pdfPatient);
        const fellBack = logCount((l) => l.reason === 'replica too far behind') - before;
        const csvMatches = pages['weekly CSV']!.body === (await primaryCsv());
        o.figures.push(
          `replay paused, ${gap} bytes of WAL behind, > ${MAX_LAG_SECONDS} s: ${Object.entries(
            pages,
          )
            .map(([k, v]) => `${k} ${v.status} (${v.ms.toFixed(0)} ms)`)
            .join(', ')}`,
        );
        o.figures.push(
          `${fellBack} reads logged "replica too far behind" and read the primary; CSV equals the primary's current one: ${csvMatches}`,
        );
        check(
          o,
          Object.values(pages).every((v) => v.status === 200),
          'a report page failed while the replica lagged',
        );
        check(
          o,
          fellBack >= 4 && csvMatches,
          'reports did not fall back to the primary while the replica lagged',
        );
      } finally {
        await replicaSql`select pg_wal_replay_resume()`;
      }
      o.figures.push(`replay resumed: caught up in ${await waitForReplica()} ms`);

      await replicaSql.end({ timeout: 1 });
      replica.stop();
      try {
        const before = logCount(
          (l) => l.readSource === 'primary' && l.reason !== 'replica too far behind',
        );
        const pages = await reportPages(admin, pdfPatient);
        const fellBack =
          logCount((l) => l.readSource === 'primary' && l.reason !== 'replica too far behind') -
          before;
        o.figures.push(
          `replica stopped: ${Object.entries(pages)
            .map(([k, v]) => `${k} ${v.status} (${v.ms.toFixed(0)} ms)`)
            .join(', ')}; ${fellBack} reads fell back to the primary`,
        );
        check(
          o,
          Object.values(pages).every((v) => v.status === 200),
          'a report page failed while the replica was away',
        );
        check(
          o,
          fellBack >= 4,
          'reports did not fall back to the primary while the replica was away',
        );
      } finally {
        replica.start();
        replicaSql = await openSql(replica.url('adhere'));
        onTeardown(() => replicaSql.end({ timeout: 2 }));
      }
      o.figures.push(`replica started again: caught up in ${await waitForReplica()} ms`);
    },
  );

  if (['load', 'crash', 'outage'].some(selected)) {
    console.log(`\n━━ signing in ${loggers.length} patients through nginx`);
    console.log(`   ${loggers.length} sessions in ${await signInAll(loggers)} ms`);
  }

  await scenario(
    `load: ${LOGGERS} patients logging through nginx for ${LOAD_SECONDS} s`,
    async (o) => {
      const run = await drive(loggers, { seconds: LOAD_SECONDS, rate: RATE });
      describeLoad(o, run);
      const failed = run.writes.flatMap((w) => w.attempts).filter((x) => x.status !== 200).length;
      const perServer = servers.map(
        (s) => s.lines().filter((l) => l.route === '/api/patient/day-log').length,
      );
      o.figures.push(
        `day logs answered per server (whole run so far): A ${perServer[0]}, B ${perServer[1]}`,
      );
      check(o, failed === 0, `${failed} requests failed under plain load`);
      check(
        o,
        run.writes.every((w) => w.acknowledged),
        'a write was never acknowledged',
      );
      check(
        o,
        perServer.every((n) => n > 0),
        'nginx did not spread the load over both servers',
      );
      await verifyWrites(o, run.writes);
    },
  );

  await scenario('crash: server A kill -9 in the middle of the load', async (o) => {
    let killedAt = 0;
    const run = await drive(loggers, {
      seconds: CRASH_SECONDS,
      rate: RATE,
      events: [
        {
          atMs: (CRASH_SECONDS * 1000) / 3,
          run: async () => {
            killedAt = performance.now() - clock0;
            await a.kill('SIGKILL');
          },
        },
      ],
    });
    describeLoad(o, run);
    const failures = run.writes.flatMap((w) => w.attempts).filter((x) => x.status !== 200);
    const late = failures.filter((x) => x.at > killedAt + 3_000);
    const offsets = failures.map((x) => `${((x.at - killedAt) / 1000).toFixed(1)} s`);
    o.figures.push(
      `A killed at ${((killedAt - run.startedAt) / 1000).toFixed(1)} s; failed requests sent ${offsets.join(', ') || 'never'} after the kill; from 3 s on: ${late.length} (nginx sends everything to B)`,
    );
    check(o, late.length === 0, `${late.length} requests failed more than 3 s after the crash`);
    check(
      o,
      run.writes.every((w) => w.acknowledged),
      'a write was never acknowledged, even retried with its key',
    );
    check(
      o,
      // Requests sent before the kill and still in flight may fail; none may be answered with a
      // failure before it.
      failures.every((x) => x.at + x.ms >= killedAt - 100),
      'requests failed before the crash',
    );
    await verifyWrites(o, run.writes);
    const restarted = Date.now();
    await a.start();
    o.figures.push(`A restarted and ready in ${Date.now() - restarted} ms`);
  });

  await scenario(
    `database outage: the primary stopped for ${OUTAGE_FOR_MS / 1000} s under load`,
    async (o) => {
      const watcher = firstOther[6]!;
      watcher.jar = (await signIn(lb, watcher.email, BENCH_PASSWORD)).jar;
      const probes: { server: string; status: number | null; ms: number; at: number }[] = [];
      const pagesDuring: { status: number | null; ms: number; calm: boolean }[] = [];
      // A download during the outage: its route handler checks the session in the database too.
      const adminCookie = (await adminJar()).header();
      const csvDuring: { status: number | null; retryAfter: string | null; calm: boolean }[] = [];
      let stoppedAt = 0;
      let startedAt = 0;
      const recovery: Record<string, number> = {};
      const run = await drive(loggers, {
        seconds: OUTAGE_SECONDS,
        rate: RATE / 2,
        events: [
          {
            atMs: 8_000,
            run: async () => {
              stoppedAt = performance.now() - clock0;
              primary.stop();
              // Probing runs beside the outage's own clock, so the primary is back on time.
              let down = true;
              const probing = (async () => {
                await sleep(1_000);
                while (down) {
                  for (const server of servers) {
                    const r = await timedFetch(`${server.base}/api/ready`, {
                      timeoutMs: ANSWER_BOUND_MS,
                    });
                    if (down) {
                      probes.push({
                        server: server.name,
                        status: r.response?.status ?? null,
                        ms: r.ms,
                        at: performance.now() - clock0,
                      });
                    }
                  }
                  const page = await timedFetch(`${lb}/patient`, {
                    headers: { cookie: watcher.jar!.header() },
                    timeoutMs: ANSWER_BOUND_MS,
                  });
                  if (!down) break;
                  if (pagesDuring.length === 0) {
                    writeFileSync(path.join(LOG_FOLDER, 'outage-page.html'), page.body);
                  }
                  pagesDuring.push({
                    status: page.response?.status ?? null,
                    ms: page.ms,
                    calm: REDACTED_PAGE.test(page.body) && !INTERNALS.test(page.body),
                  });
                  const csv = await timedFetch(`${lb}/api/reports/weekly.csv`, {
                    headers: { cookie: adminCookie },
                    timeoutMs: ANSWER_BOUND_MS,
                  });
                  if (!down) break;
                  csvDuring.push({
                    status: csv.response?.status ?? null,
                    retryAfter: csv.response?.headers.get('retry-after') ?? null,
                    calm: /try again/i.test(csv.body) && !INTERNALS.test(csv.body),
                  });
                  await sleep(500);
                }
              })();
              await sleep(stoppedAt + OUTAGE_FOR_MS - (performance.now() - clock0));
              down = false;
              primary.start();
              startedAt = performance.now() - clock0;
              await Promise.all(
                servers.map(async (server) => {
                  recovery[server.name] = await waitFor200(`${server.base}/api/ready`, 30_000);
                }),
              );
              await probing;
            },
          },
        ],
      });
      describeLoad(o, run);
      const failures = run.writes.flatMap((w) => w.attempts).filter((x) => x.status !== 200);
      const slowest = Math.max(0, ...failures.map((x) => x.ms));
      const uncalm = failures.filter(
        (x) =>
          x.status === null ||
          STACK_TRACE.test(x.body) ||
          INTERNALS.test(x.body) ||
          !/try again|unavailable/i.test(x.body),
      );
      const readyDuring = probes.filter((p) => p.status === 503).length;
      o.figures.push(
        `primary down ${((startedAt - stoppedAt) / 1000).toFixed(1)} s; failed requests answered within ${slowest.toFixed(0)} ms at most (bound ${ANSWER_BOUND_MS} ms), ${uncalm.length} without the calm message`,
      );
      o.figures.push(
        `/api/ready during the outage: ${readyDuring} of ${probes.length} probes said 503 (slowest ${Math.max(0, ...probes.map((p) => p.ms)).toFixed(0)} ms)`,
      );
      o.figures.push(
        `the Today page during the outage: ${pagesDuring.map((p) => p.status).join(' ')} — error page with the error redacted to a digest and no internals ${pagesDuring.filter((p) => p.calm).length}/${pagesDuring.length}, slowest ${Math.max(0, ...pagesDuring.map((p) => p.ms)).toFixed(0)} ms`,
      );
      o.figures.push(
        `the weekly CSV during the outage: ${csvDuring.map((c) => c.status).join(' ')} — "try again" with Retry-After and no internals ${csvDuring.filter((c) => c.calm && c.retryAfter).length}/${csvDuring.length}`,
      );
      o.figures.push(
        `ready again after the primary returned, without a restart: A ${recovery.A} ms, B ${recovery.B} ms`,
      );
      check(
        o,
        failures.length > 0,
        'the outage caused no failed request: was the primary really stopped?',
      );
      check(o, slowest <= ANSWER_BOUND_MS, `a request took ${slowest.toFixed(0)} ms to fail`);
      check(
        o,
        uncalm.length === 0,
        `${uncalm.length} failures were not the calm message (first: ${uncalm[0]?.status} ${uncalm[0]?.body.slice(0, 200)})`,
      );
      check(
        o,
        probes.length > 0 && readyDuring === probes.length,
        '/api/ready did not say 503 throughout the outage',
      );
      check(
        o,
        pagesDuring.length > 0 &&
          pagesDuring.every(
            (p) => p.status !== null && p.status >= 500 && p.calm && p.ms <= ANSWER_BOUND_MS,
          ),
        'a page during the outage was not the calm error page in time',
      );
      check(
        o,
        csvDuring.length > 0 &&
          csvDuring.every((c) => c.status === 503 && c.retryAfter !== null && c.calm),
        'a download during the outage was not a calm 503 with Retry-After',
      );
      check(
        o,
        run.writes.every((w) => w.acknowledged),
        'a write was never acknowledged after the primary returned',
      );
      await verifyWrites(o, run.writes);
      o.figures.push(`replica caught up with the returned primary in ${await waitForReplica()} ms`);
    },
  );

  await scenario(
    'afterwards: every write once, and the replica agrees with the primary',
    async (o) => {
      await verifyWrites(o, allWrites);
      await waitForReplica();
      const count = async (client: Sql) =>
        (
          (await client`select count(*)::int as n from completions where performed_on > ${addDays(TODAY, -8)}`) as unknown as [
            { n: number },
          ]
        )[0].n;
      const [onPrimary, onReplica] = await Promise.all([count(pg), count(replicaSql)]);
      o.figures.push(
        `completions on the loggable days: primary ${onPrimary}, replica ${onReplica}`,
      );
      check(o, onPrimary === onReplica, 'the replica does not hold what the primary holds');
      const errors = logCount((l) => l.level === 'fatal');
      check(o, errors === 0, `${errors} fatal log lines`);
    },
  );

  console.log(`\n━━ summary (${((Date.now() - wallStarted) / 1000).toFixed(0)} s)`);
  for (const outcome of outcomes) console.log(`   ${outcome.ok ? '✓' : '✗'} ${outcome.name}`);
}

let exiting = false;
// A failure inside a probe loop running beside a scenario must not end the run with the cluster
// still up: it fails the run, and everything is torn down first.
for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (error: unknown) => {
    console.error(`\n✗ ${event}:`, error instanceof Error ? (error.stack ?? error.message) : error);
    if (exiting) return;
    exiting = true;
    void teardown().finally(() => process.exit(1));
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (exiting) return;
    exiting = true;
    console.error(`\n${signal}: tearing the cluster down`);
    void teardown().finally(() => process.exit(130));
  });
}

clock0 = performance.now();
main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    outcomes.push({
      name: 'setting up the cluster',
      ok: false,
      figures: [],
      failures: [String(error)],
    });
  })
  .finally(async () => {
    await teardown();
    const failed = outcomes.filter((o) => !o.ok);
    console.log(
      failed.length ? `\n✗ ${failed.length} scenario(s) failed` : '\n✓ every scenario passed',
    );
    process.exit(failed.length ? 1 : 0);
  });
