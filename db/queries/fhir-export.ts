import 'server-only';
import { and, count, eq, gt, inArray, isNull, lte, sql, sum } from 'drizzle-orm';
import { getDatabase, getDb } from '@/db/client';
import { exportFileBytes } from '@/db/fhir-export-file';
import { fhirExportChunks, fhirExportJobs, patientProfiles, users } from '@/db/schema';
import type { IsoDate } from '@/lib/dates';
import type { ExportRequest } from '@/lib/fhir/bulk';
import { notFound, ok, type Actor, type Outcome } from './actor';
import { recordFhirRead } from './fhir';

/*
 * FHIR Bulk Data exports (docs/fhir.md): an admin (or a clinic token) asks, db/fhir-export-worker.ts
 * builds the files in the database, and any app server answers the status and streams the files.
 * Only the one who asked (the same account, or the same token) may see the job.
 */

/** How long a finished export's files are kept before retention deletes them. */
export const EXPORT_KEPT_HOURS = 24;
/** Exports one caller may have waiting or running at once; more is a 429. */
export const MAX_ACTIVE_EXPORTS = 3;

const ownedBy = (actor: Actor) =>
  and(
    eq(fhirExportJobs.actorId, actor.id),
    actor.apiToken
      ? eq(fhirExportJobs.apiTokenId, actor.apiToken.id)
      : isNull(fhirExportJobs.apiTokenId),
    gt(fhirExportJobs.expiresAt, sql`now()`),
  );

/** Starts an export (admins and clinic tokens only); `busy` when the caller has too many going. */
export async function startFhirExport(
  actor: Actor,
  request: ExportRequest & { requestUrl: string; today: IsoDate },
): Promise<Outcome<{ id: string }> | { ok: false; reason: 'busy' }> {
  if (actor.role !== 'admin') return notFound;
  const db = await getDb();
  const [active] = await db
    .select({ n: count() })
    .from(fhirExportJobs)
    .where(and(ownedBy(actor), inArray(fhirExportJobs.status, ['queued', 'running'])));
  if ((active?.n ?? 0) >= MAX_ACTIVE_EXPORTS) return { ok: false, reason: 'busy' };
  const [patients] = await db
    .select({ n: count() })
    .from(patientProfiles)
    .innerJoin(users, eq(users.id, patientProfiles.userId))
    .where(lte(users.createdAt, sql`now()`));
  const [job] = await db
    .insert(fhirExportJobs)
    .values({
      actorId: actor.id,
      apiTokenId: actor.apiToken?.id ?? null,
      level: request.level,
      types: request.types,
      requestUrl: request.requestUrl,
      asOf: request.today,
      patientsTotal: patients?.n ?? 0,
      expiresAt: sql`now() + make_interval(hours => ${EXPORT_KEPT_HOURS})`,
    })
    .returning({ id: fhirExportJobs.id });
  if (!job) throw new Error('export job was not created');
  await recordFhirRead(actor, { interaction: 'bulk-export', type: request.level });
  return ok({ id: job.id });
}

export interface ExportJobView {
  status: 'queued' | 'running' | 'complete' | 'failed';
  transactionTime: Date;
  requestUrl: string;
  patientsDone: number;
  patientsTotal: number;
  error: string | null;
  /** Complete jobs: resources per type. */
  files: { type: string; count: number }[];
}

/** The caller's own job, or null (not theirs, cancelled, expired or no such job). */
export async function getFhirExport(actor: Actor, jobId: string): Promise<ExportJobView | null> {
  const db = await getDb();
  const [job] = await db
    .select({
      status: fhirExportJobs.status,
      transactionTime: fhirExportJobs.transactionTime,
      requestUrl: fhirExportJobs.requestUrl,
      patientsDone: fhirExportJobs.patientsDone,
      patientsTotal: fhirExportJobs.patientsTotal,
      error: fhirExportJobs.error,
      types: fhirExportJobs.types,
    })
    .from(fhirExportJobs)
    .where(and(eq(fhirExportJobs.id, jobId), ownedBy(actor)));
  if (!job || job.status === 'cancelled') return null;
  const { types, ...view } = job;
  if (job.status !== 'complete') return { ...view, status: job.status, files: [] };
  const counted = await db
    .select({ type: fhirExportChunks.type, count: sum(fhirExportChunks.lines).mapWith(Number) })
    .from(fhirExportChunks)
    .where(eq(fhirExportChunks.jobId, jobId))
    .groupBy(fhirExportChunks.type);
  const byType = new Map(counted.map((row) => [row.type, row.count]));
  return {
    ...view,
    status: 'complete',
    files: types.map((type) => ({ type, count: byType.get(type) ?? 0 })),
  };
}

/** Cancels the caller's job and deletes what was built (the DELETE of the status URL). */
export async function cancelFhirExport(actor: Actor, jobId: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [job] = await tx
      .update(fhirExportJobs)
      .set({ status: 'cancelled', finishedAt: sql`now()`, leaseId: null, leaseUntil: null })
      .where(
        and(
          eq(fhirExportJobs.id, jobId),
          ownedBy(actor),
          sql`${fhirExportJobs.status} <> 'cancelled'`,
        ),
      )
      .returning({ id: fhirExportJobs.id });
    if (!job) return false;
    await tx.delete(fhirExportChunks).where(eq(fhirExportChunks.jobId, jobId));
    return true;
  });
}

/**
 * One NDJSON file of the caller's completed job as bytes, chunk by chunk in order, so a file of
 * any size streams with flat memory (db/fhir-export-file.ts); null when it is not theirs or not
 * there.
 */
export async function openFhirExportFile(
  actor: Actor,
  jobId: string,
  type: string,
): Promise<AsyncIterable<Uint8Array> | null> {
  const job = await getFhirExport(actor, jobId);
  if (!job || job.status !== 'complete' || !job.files.some((f) => f.type === type && f.count > 0)) {
    return null;
  }
  await recordFhirRead(actor, { interaction: 'bulk-download', type });
  return exportFileBytes(await getDatabase(), jobId, type);
}
