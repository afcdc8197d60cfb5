import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { and, asc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import {
  NDJSON_CHUNK_BYTES,
  NdjsonChunker,
  ndjsonLine,
  type ExportType,
  type NdjsonChunk,
} from '@/lib/fhir/bulk';
import { toQuestionnaire } from '@/lib/fhir/outcomes';
import { toActivityDefinition, toPractitioner } from '@/lib/fhir/resources';
import type { IsoDate } from '@/lib/dates';
import type { Actor } from './queries/actor';
import { exerciseColumns } from './queries/fhir';
import { loadDefinitions } from './queries/outcome-measures';
import { streamFhirPatientResources, type StreamedRecordType } from './queries/fhir-record';
import { beforeDatabaseShutdown, getDb, type Database, type Transaction } from './client';
import { exercises, fhirExportChunks, fhirExportJobs, patientProfiles, users } from './schema';

/*
 * Builds FHIR Bulk Data exports (db/queries/fhir-export.ts) with memory that does not grow with the
 * clinic or with a patient's history. Each patient's resources are read through cursors
 * (db/queries/fhir-record.ts) and written as NDJSON chunks of at most NDJSON_CHUNK_BYTES per type
 * as soon as one fills, so what is held is one cursor batch and one part-filled chunk per type.
 *
 * A job is claimed with a lease (FOR UPDATE SKIP LOCKED), so of several app servers exactly one
 * works on it at a time. The work goes in transactions of whole patients, each ended at the first
 * patient boundary after EXPORT_PAGE_BYTES have been written (a page bounded by what it holds, not
 * by a count of patients): it starts by renewing the lease, which holds only if the lease is still
 * this worker's and locks the job's row until the end, and ends by moving the job's cursor, so a
 * patient's chunks and the cursor past them land together, once. A worker that dies leaves the
 * lease to expire and another server goes on from the cursor; its chunks are numbered on from the
 * last one written.
 */

/** A transaction of the export ends at the first patient boundary after this much NDJSON. */
export const EXPORT_PAGE_BYTES = 1024 * 1024;
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

// Practitioners, exercises and questionnaires are shared by many patients: a system export writes
// each once, at the end, rather than with every patient who has them.
const SHARED: ReadonlySet<string> = new Set<ExportType>([
  'Practitioner',
  'ActivityDefinition',
  'Questionnaire',
]);

/**
 * The chunks of one transaction: a chunker per type, each chunk inserted as soon as it is full.
 * Chunks are numbered across the job's types in the order written, which is each file's order.
 */
class ChunkWriter {
  readonly #chunkers = new Map<string, NdjsonChunker>();
  bytes = 0;

  constructor(
    private readonly tx: Transaction,
    private readonly jobId: string,
    public seq: number,
    private readonly chunkBytes: number,
  ) {}

  async add(resource: Resource): Promise<void> {
    const type = resource.resourceType;
    let chunker = this.#chunkers.get(type);
    if (!chunker) {
      chunker = new NdjsonChunker(this.chunkBytes);
      this.#chunkers.set(type, chunker);
    }
    for (const chunk of chunker.push(ndjsonLine(resource))) await this.#write(type, chunk);
  }

  /** Writes what is left of each type: the transaction is about to end. */
  async finish(): Promise<void> {
    for (const [type, chunker] of this.#chunkers) {
      const chunk = chunker.end();
      if (chunk) await this.#write(type, chunk);
    }
  }

  async #write(type: string, chunk: NdjsonChunk) {
    this.seq += 1;
    this.bytes += chunk.body.length;
    await this.tx.insert(fhirExportChunks).values({
      jobId: this.jobId,
      type,
      seq: this.seq,
      lines: chunk.lines,
      body: chunk.body,
    });
  }
}

/** Renews the lease and locks the job's row for the transaction; false if the lease was lost. */
async function holdLease(tx: Transaction, job: ClaimedJob): Promise<boolean> {
  const [held] = await tx
    .update(fhirExportJobs)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(
      and(
        eq(fhirExportJobs.id, job.id),
        eq(fhirExportJobs.leaseId, job.leaseId),
        eq(fhirExportJobs.status, 'running'),
      ),
    )
    .returning({ id: fhirExportJobs.id });
  return Boolean(held);
}

async function nextPatientId(tx: Transaction, job: ClaimedJob, after: string | null) {
  const [next] = await tx
    .select({ id: patientProfiles.userId })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(
      and(
        lte(users.createdAt, job.transactionTime),
        after ? gt(patientProfiles.userId, after) : undefined,
      ),
    )
    .orderBy(asc(patientProfiles.userId))
    .limit(1);
  return next?.id ?? null;
}

/** The clinic's practitioners and exercise library (bounded by staff and library, not patients). */
async function writeShared(tx: Transaction, job: ClaimedJob, writer: ChunkWriter) {
  const types = new Set(job.types.filter((type) => SHARED.has(type)));
  if (types.has('Practitioner')) {
    const staff = await tx
      .select({ id: users.id, name: users.name, email: users.email, active: users.active })
      .from(users)
      .where(
        and(inArray(users.role, ['physio', 'admin']), lte(users.createdAt, job.transactionTime)),
      )
      .orderBy(asc(users.id));
    for (const row of staff) await writer.add(toPractitioner(row));
  }
  if (types.has('ActivityDefinition')) {
    const library = await tx.select(exerciseColumns).from(exercises).orderBy(asc(exercises.id));
    for (const row of library) await writer.add(toActivityDefinition(row));
  }
  if (types.has('Questionnaire')) {
    for (const definition of await loadDefinitions(tx))
      await writer.add(toQuestionnaire(definition));
  }
}

interface PageOptions {
  chunkBytes: number;
  pageBytes: number;
}

/**
 * One transaction's worth: whole patients from the job's cursor until `pageBytes` are written,
 * then the job's cursor and progress; after the last patient, the shared resources and the job
 * complete. Null when the lease was lost (nothing is written then).
 */
async function buildPage(
  db: Database,
  job: ClaimedJob,
  seq: number,
  options: PageOptions,
): Promise<{ job: ClaimedJob; seq: number; finished: boolean } | null> {
  const reader = readerOf(job);
  const types = new Set(job.types.filter((type): type is StreamedRecordType => !SHARED.has(type)));
  return db.transaction(async (tx) => {
    if (!(await holdLease(tx, job))) return null;
    const writer = new ChunkWriter(tx, job.id, seq, options.chunkBytes);
    let cursor = job.cursor;
    let done = job.patientsDone;
    let finished = false;
    while (writer.bytes < options.pageBytes) {
      const patientId = await nextPatientId(tx, job, cursor);
      if (!patientId) {
        finished = true;
        if (job.level === 'system') await writeShared(tx, job, writer);
        break;
      }
      for await (const resource of streamFhirPatientResources(
        tx,
        reader,
        patientId,
        job.asOf,
        types,
      )) {
        await writer.add(resource);
      }
      cursor = patientId;
      done += 1;
    }
    await writer.finish();
    done = Math.min(done, job.patientsTotal);
    await tx
      .update(fhirExportJobs)
      .set({
        cursor,
        patientsDone: done,
        ...(finished
          ? { status: 'complete' as const, finishedAt: sql`now()`, leaseId: null, leaseUntil: null }
          : {}),
      })
      .where(eq(fhirExportJobs.id, job.id));
    return { job: { ...job, cursor, patientsDone: done }, seq: writer.seq, finished };
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
async function buildOneJob(db: Database, options: PageOptions): Promise<boolean> {
  let job = await claimJob(db);
  if (!job) return false;
  try {
    // Chunks go on from the last one written (by this server or one whose lease ran out).
    const [last] = await db
      .select({ seq: max(fhirExportChunks.seq) })
      .from(fhirExportChunks)
      .where(eq(fhirExportChunks.jobId, job.id));
    let seq = last?.seq ?? 0;
    for (;;) {
      // A server that is stopping leaves the rest to the lease: another goes on from the cursor.
      if (globalForExports.adhereFhirExports?.stopped) return false;
      const page = await buildPage(db, job, seq, options);
      if (!page || page.finished) return true;
      ({ job, seq } = page);
    }
  } catch (error) {
    await failJob(db, job, error);
    return true;
  }
}

/**
 * Builds every waiting export, one after another (also what the tests call, with smaller chunks
 * and pages to see a patient split across them).
 */
export async function buildPendingFhirExports(
  database: () => Promise<Database> = getDb,
  options: Partial<PageOptions> = {},
) {
  const db = await database();
  const page: PageOptions = {
    chunkBytes: options.chunkBytes ?? NDJSON_CHUNK_BYTES,
    pageBytes: options.pageBytes ?? EXPORT_PAGE_BYTES,
  };
  while (await buildOneJob(db, page)) {
    // next job
  }
}

const globalForExports = globalThis as unknown as {
  adhereFhirExports?: {
    stopped: boolean;
    /** Starts building now rather than at the next poll. */
    kick: () => void;
  };
};

/**
 * Polls for exports and builds them in this thread (instrumentation.ts through
 * db/fhir-export-thread.ts: on PGlite, which lives in the main thread, and inside the export
 * thread on PostgreSQL).
 */
export function scheduleFhirExports(): void {
  if (globalForExports.adhereFhirExports) return;
  let running: Promise<void> | null = null;
  const state = {
    stopped: false,
    kick: () => {
      if (state.stopped || running) return;
      running = buildPendingFhirExports()
        .catch((error: unknown) => console.error('FHIR bulk export worker failed', error))
        .finally(() => {
          running = null;
        });
    },
  };
  const timer = setInterval(state.kick, POLL_MS);
  timer.unref();
  globalForExports.adhereFhirExports = state;
  beforeDatabaseShutdown(async () => {
    state.stopped = true;
    clearInterval(timer);
    await running;
  });
}

/**
 * Runs exports elsewhere (db/fhir-export-thread.ts): `kick` then reaches that thread, and
 * `stop` ends it on a graceful shutdown, before the database closes.
 */
export function delegateFhirExports(target: { kick: () => void; stop: () => Promise<void> }) {
  if (globalForExports.adhereFhirExports) return;
  const state = { stopped: false, kick: target.kick };
  globalForExports.adhereFhirExports = state;
  beforeDatabaseShutdown(async () => {
    state.stopped = true;
    await target.stop();
  });
}

/** Starts building now rather than at the next poll (after a kick-off on this server). */
export function kickFhirExports(): void {
  const state = globalForExports.adhereFhirExports;
  if (state && !state.stopped) state.kick();
}
