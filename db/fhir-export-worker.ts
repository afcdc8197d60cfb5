import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { everythingOf } from '@/lib/fhir/bundle';
import { ndjsonLine, type ExportType } from '@/lib/fhir/bulk';
import { toQuestionnaire } from '@/lib/fhir/outcomes';
import { toActivityDefinition, toPractitioner } from '@/lib/fhir/resources';
import type { IsoDate } from '@/lib/dates';
import type { Actor } from './queries/actor';
import { exerciseColumns } from './queries/fhir';
import { getFhirPatientRecord } from './queries/fhir-record';
import { loadDefinitions } from './queries/outcome-measures';
import { beforeDatabaseShutdown, getDb, type Database } from './client';
import { exercises, fhirExportChunks, fhirExportJobs, patientProfiles, users } from './schema';

/*
 * Builds FHIR Bulk Data exports (db/queries/fhir-export.ts), a page of patients at a time. A job is
 * claimed with a lease (FOR UPDATE SKIP LOCKED), so of several app servers exactly one works on it
 * at a time; each page's files and the job's cursor are written in one transaction that holds only
 * if the lease is still this worker's, so a page is written once even if a lease ran out. A worker
 * that dies leaves the lease to expire and another server goes on from the cursor.
 */

export const EXPORT_PAGE_PATIENTS = 4;
const LEASE_SECONDS = 120;
const POLL_MS = 2_000;

interface ClaimedJob {
  id: string;
  actorId: string;
  level: string;
  types: string[];
  asOf: IsoDate;
  transactionTime: Date;
  patientsTotal: number;
  patientsDone: number;
  cursor: string | null;
  leaseId: string;
}

async function claimJob(db: Database): Promise<ClaimedJob | null> {
  const leaseId = randomUUID();
  const [job] = await db
    .update(fhirExportJobs)
    .set({
      status: 'running',
      leaseId,
      leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
    })
    .where(
      eq(
        fhirExportJobs.id,
        sql`(select id from ${fhirExportJobs}
             where ${fhirExportJobs.status} in ('queued', 'running')
               and (${fhirExportJobs.leaseUntil} is null or ${fhirExportJobs.leaseUntil} < now())
             order by ${fhirExportJobs.transactionTime}
             limit 1
             for update skip locked)`,
      ),
    )
    .returning({
      id: fhirExportJobs.id,
      actorId: fhirExportJobs.actorId,
      level: fhirExportJobs.level,
      types: fhirExportJobs.types,
      asOf: fhirExportJobs.asOf,
      transactionTime: fhirExportJobs.transactionTime,
      patientsTotal: fhirExportJobs.patientsTotal,
      patientsDone: fhirExportJobs.patientsDone,
      cursor: fhirExportJobs.cursor,
    });
  return job ? { ...job, asOf: job.asOf as IsoDate, leaseId } : null;
}

/** The export reads as the admin who asked (a clinic token reads as its creator would). */
const readerOf = (job: ClaimedJob): Actor => ({
  id: job.actorId,
  role: 'admin',
  name: 'FHIR bulk export',
  email: '',
  sessionId: `fhir-export:${job.id}`,
});

type Lines = Map<string, { lines: number; body: string[] }>;

function add(lines: Lines, types: ReadonlySet<string>, resource: Resource) {
  if (!types.has(resource.resourceType)) return;
  const file = lines.get(resource.resourceType) ?? { lines: 0, body: [] };
  file.lines += 1;
  file.body.push(ndjsonLine(resource));
  lines.set(resource.resourceType, file);
}

// Practitioners, exercises and questionnaires are shared by many patients: a system export writes each once, at
// the end, rather than with every patient who has them.
const SHARED: ReadonlySet<string> = new Set<ExportType>([
  'Practitioner',
  'ActivityDefinition',
  'Questionnaire',
]);

async function nextPage(
  db: Database,
  job: ClaimedJob,
  pageSize: number,
): Promise<{ lines: Lines; last: string | null; count: number }> {
  const ids = await db
    .select({ id: patientProfiles.userId })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(
      and(
        lte(users.createdAt, job.transactionTime),
        job.cursor ? gt(patientProfiles.userId, job.cursor) : undefined,
      ),
    )
    .orderBy(asc(patientProfiles.userId))
    .limit(pageSize);
  const types = new Set(job.types.filter((type) => !SHARED.has(type)));
  const lines: Lines = new Map();
  for (const { id } of ids) {
    const record = await getFhirPatientRecord(readerOf(job), id, job.asOf);
    for (const resource of record ? everythingOf(record, job.asOf) : []) {
      add(lines, types, resource);
    }
  }
  return { lines, last: ids.at(-1)?.id ?? null, count: ids.length };
}

async function sharedResources(db: Database, job: ClaimedJob): Promise<Lines> {
  const types = new Set(job.types.filter((type) => SHARED.has(type)));
  const lines: Lines = new Map();
  if (types.has('Practitioner')) {
    const staff = await db
      .select({ id: users.id, name: users.name, email: users.email, active: users.active })
      .from(users)
      .where(
        and(inArray(users.role, ['physio', 'admin']), lte(users.createdAt, job.transactionTime)),
      )
      .orderBy(asc(users.id));
    for (const row of staff) add(lines, types, toPractitioner(row));
  }
  if (types.has('ActivityDefinition')) {
    const library = await db.select(exerciseColumns).from(exercises).orderBy(asc(exercises.id));
    for (const row of library) add(lines, types, toActivityDefinition(row));
  }
  if (types.has('Questionnaire')) {
    for (const definition of await loadDefinitions(db)) {
      add(lines, types, toQuestionnaire(definition));
    }
  }
  return lines;
}

/** Writes a page's files and moves the cursor, if this worker still holds the lease. */
async function writePage(
  db: Database,
  job: ClaimedJob,
  page: { lines: Lines; seq: number; cursor: string | null; done: number; finished: boolean },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [held] = await tx
      .update(fhirExportJobs)
      .set({
        cursor: page.cursor,
        patientsDone: page.done,
        leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
        ...(page.finished
          ? { status: 'complete' as const, finishedAt: sql`now()`, leaseId: null, leaseUntil: null }
          : {}),
      })
      .where(
        and(
          eq(fhirExportJobs.id, job.id),
          eq(fhirExportJobs.leaseId, job.leaseId),
          eq(fhirExportJobs.status, 'running'),
        ),
      )
      .returning({ id: fhirExportJobs.id });
    if (!held) return false;
    for (const [type, file] of page.lines) {
      await tx.insert(fhirExportChunks).values({
        jobId: job.id,
        type,
        seq: page.seq,
        lines: file.lines,
        body: file.body.join(''),
      });
    }
    return true;
  });
}

async function failJob(db: Database, job: ClaimedJob, error: unknown) {
  console.error('FHIR bulk export failed', job.id, error);
  await db
    .update(fhirExportJobs)
    .set({
      status: 'failed',
      error: 'The export could not be built. Please start a new one.',
      finishedAt: sql`now()`,
      leaseId: null,
      leaseUntil: null,
    })
    .where(and(eq(fhirExportJobs.id, job.id), eq(fhirExportJobs.leaseId, job.leaseId)));
}

/** Builds one claimed job to the end (or until its lease is lost); false when none was waiting. */
async function buildOneJob(db: Database, pageSize: number): Promise<boolean> {
  let job = await claimJob(db);
  if (!job) return false;
  try {
    for (;;) {
      const page = await nextPage(db, job, pageSize);
      const finished = page.count < pageSize;
      const shared =
        finished && job.level === 'system' ? await sharedResources(db, job) : new Map();
      for (const [type, file] of shared) page.lines.set(type, file);
      const done = Math.min(job.patientsDone + page.count, job.patientsTotal);
      const held = await writePage(db, job, {
        lines: page.lines,
        seq: job.patientsDone + (page.count === 0 ? 1 : 0),
        cursor: page.last ?? job.cursor,
        done,
        finished,
      });
      if (!held || finished) return true;
      job = { ...job, cursor: page.last, patientsDone: done };
    }
  } catch (error) {
    await failJob(db, job, error);
    return true;
  }
}

/** Builds every waiting export, one after another (also what the tests call). */
export async function buildPendingFhirExports(
  database: () => Promise<Database> = getDb,
  pageSize = EXPORT_PAGE_PATIENTS,
) {
  const db = await database();
  while (await buildOneJob(db, pageSize)) {
    // next job
  }
}

const globalForExports = globalThis as unknown as {
  adhereFhirExports?: { timer: NodeJS.Timeout; running: Promise<void> | null; stopped: boolean };
};

function tick() {
  const state = globalForExports.adhereFhirExports;
  if (!state || state.stopped || state.running) return;
  state.running = buildPendingFhirExports()
    .catch((error: unknown) => console.error('FHIR bulk export worker failed', error))
    .finally(() => {
      state.running = null;
    });
}

/** Polls for exports on this app server (instrumentation.ts); a new job is also built at once. */
export function scheduleFhirExports(): void {
  if (globalForExports.adhereFhirExports) return;
  const timer = setInterval(tick, POLL_MS);
  timer.unref();
  globalForExports.adhereFhirExports = { timer, running: null, stopped: false };
  beforeDatabaseShutdown(async () => {
    const state = globalForExports.adhereFhirExports;
    if (!state) return;
    state.stopped = true;
    clearInterval(state.timer);
    await state.running;
  });
}

/** Starts building now rather than at the next poll (after a kick-off on this server). */
export function kickFhirExports(): void {
  tick();
}
