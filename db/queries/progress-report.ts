import 'server-only';
import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { getReadDb, readFromReplica } from '@/db/replica';
import { windowTotals } from '@/db/metrics';
import { exercises, routineItems, routines } from '@/db/schema';
import { addDays, type IsoDate } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import { painChangeFromBaseline } from '@/lib/metrics/pain-change';
import { thresholdText, VERDICT_LABEL } from '@/lib/outcome-measures/labels';
import {
  progressPdfFileName,
  renderProgressPdf,
  type ProgressReportData,
  type ReportOutcome,
  type ReportRoutine,
  type ReportRoutineItem,
} from '@/lib/reports/progress-pdf';
import type { Actor } from './actor';
import { recordAudit } from './audit';
import { getOutcomeRecord, type MeasureSummary } from './outcome-measures';
import { getPatientRecord } from './patients';
import { getPatientProgress } from './progress';
import { spanColumns } from './routine-reads';

const idSchema = z.guid();

/**
 * Everything the progress report prints for one patient, as of `today`; null when the actor may
 * not have it. The report is for a referrer, so it is made by the clinic (an admin) or by the
 * patient's own physio — not by the patient, who sees the same numbers on their progress page.
 */
export async function getProgressReportData(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<ProgressReportData | null> {
  if (actor.role === 'patient') return null;
  return reportData(actor, patientId, today);
}

async function reportData(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<ProgressReportData | null> {
  if (!idSchema.safeParse(patientId).success) return null;
  const [patient, progress, outcomes] = await Promise.all([
    getPatientRecord(actor, patientId),
    getPatientProgress(actor, patientId, today),
    getOutcomeRecord(actor, patientId, today),
  ]);
  if (!patient || !progress || !outcomes) return null;

  const db = await getReadDb();
  const first = progress.weeks[0];
  const last = progress.weeks.at(-1);
  const [[totals], versions] = await Promise.all([
    windowTotals(db, { scope: { patientId: patient.id }, today }),
    first && last
      ? routinesInForce(patient.id, first.weekStart, addDays(last.weekStart, 6), {
          today,
          dischargedOn: patient.dischargedOn,
        })
      : Promise.resolve([]),
  ]);
  if (!totals) return null;

  return {
    generatedOn: today,
    patient: {
      name: patient.name,
      dateOfBirth: patient.dateOfBirth,
      condition: patient.condition,
      goal: patient.goal,
      firstRoutineStart: patient.firstRoutineStart,
      dischargedOn: patient.dischargedOn,
    },
    physioName: patient.physioName,
    routines: versions,
    weeks: progress.weeks,
    summary: summarise(totals),
    painChange: painChangeFromBaseline(totals),
    outcomes: reportOutcomes(outcomes.measures),
  };
}

/** The record's outcome measures as the report prints them: answered ones only. */
function reportOutcomes(measures: MeasureSummary[]): ReportOutcome[] {
  return measures
    .filter((m) => m.scores.length > 0)
    .map((m) => ({
      name: m.name,
      scores: m.scores.map((s) => ({
        answeredOn: s.answeredOn,
        score: s.score,
        version: s.version,
        group: s.band?.label ?? null,
      })),
      change:
        m.fromBaseline?.verdict && m.change
          ? {
              delta: m.fromBaseline.delta,
              verdict: VERDICT_LABEL[m.fromBaseline.verdict],
              threshold: thresholdText(m.change),
              source: m.change.source,
            }
          : null,
    }));
}

/**
 * The versions of a patient's programme in force on some counted day of the period (up to today,
 * or the discharge date), oldest first, each with its items in order. The caller has already
 * checked that the actor may see this patient.
 */
async function routinesInForce(
  patientId: string,
  from: IsoDate,
  to: IsoDate,
  { today, dischargedOn }: { today: IsoDate; dischargedOn: IsoDate | null },
): Promise<ReportRoutine[]> {
  const lastDay = [to, today, dischargedOn].filter((d): d is IsoDate => !!d).sort()[0] ?? to;
  const db = await getReadDb();
  const versions = await db
    .select(spanColumns)
    .from(routines)
    .where(
      and(
        eq(routines.patientId, patientId),
        lte(routines.startDate, lastDay),
        or(isNull(routines.endDate), gte(routines.endDate, from)),
      ),
    )
    .orderBy(asc(routines.startDate), asc(routines.createdAt));
  if (versions.length === 0) return [];

  const items = await db
    .select({
      routineId: routineItems.routineId,
      exerciseName: exercises.name,
      sets: routineItems.sets,
      reps: routineItems.reps,
      holdSeconds: routineItems.holdSeconds,
      daysMask: routineItems.daysMask,
      timesPerDay: routineItems.timesPerDay,
    })
    .from(routineItems)
    .innerJoin(exercises, eq(exercises.id, routineItems.exerciseId))
    .where(
      inArray(
        routineItems.routineId,
        versions.map((v) => v.id),
      ),
    )
    .orderBy(asc(routineItems.routineId), asc(routineItems.position));

  const byVersion = new Map<string, ReportRoutineItem[]>();
  for (const { routineId, ...item } of items) {
    byVersion.set(routineId, [...(byVersion.get(routineId) ?? []), item]);
  }
  return versions.map(({ id, ...version }) => ({ ...version, items: byVersion.get(id) ?? [] }));
}

export interface ProgressPdf {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
}

/**
 * The progress report of one patient as a PDF, audited as an export (who, which patient, when; no
 * clinical content). Null when the actor may not have it, and then nothing is recorded here: the
 * caller answers "not found".
 */
export async function exportProgressPdf(
  actor: Actor,
  patientId: string,
  today: IsoDate,
): Promise<ProgressPdf | null> {
  // Read from the replica when it is fit to (db/replica.ts); the audit entry goes to the primary.
  const { result: report } = await readFromReplica('progress PDF', () =>
    getProgressReportData(actor, patientId, today),
  );
  return renderAndAudit(actor, patientId, today, report);
}

/**
 * The patient's own copy of the same report ("Download my data": HIPAA right of access, GDPR
 * Articles 15 and 20), audited alike. Null for anyone but a patient. Read from the primary: the
 * patient expects to see what they saved a moment ago.
 */
export async function exportOwnProgressPdf(
  actor: Actor,
  today: IsoDate,
): Promise<ProgressPdf | null> {
  if (actor.role !== 'patient') return null;
  return renderAndAudit(actor, actor.id, today, await reportData(actor, actor.id, today));
}

async function renderAndAudit(
  actor: Actor,
  patientId: string,
  today: IsoDate,
  report: ProgressReportData | null,
): Promise<ProgressPdf | null> {
  if (!report) return null;
  const bytes = await renderProgressPdf(report);
  const db = await getDb();
  await recordAudit(db, {
    actorId: actor.id,
    action: 'export.progress_pdf',
    targetType: 'patient',
    // The id as the database writes it (lower case), whatever case the URL used.
    targetId: patientId.toLowerCase(),
    ip: actor.ip,
  });
  return { bytes, fileName: progressPdfFileName(report.patient.name, today) };
}
