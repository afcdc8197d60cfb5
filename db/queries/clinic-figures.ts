import 'server-only';
import { asc, eq, isNull } from 'drizzle-orm';
import { getReadDb, readFromReplica } from '@/db/replica';
import {
  sessionTotalsByPhysio,
  summedWeeklyTotals,
  windowTotals,
  type SummedWeekTotals,
} from '@/db/metrics';
import { patientProfiles, users } from '@/db/schema';
import { ATTENTION_FLAGS } from '@/lib/caseload-view';
import { addDays, weekStart, type IsoDate } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import type { ProgressWeek } from '@/lib/metrics/progress';
import { adherencePct } from '@/lib/metrics/rounding';
import type { FlagId } from '@/lib/metrics/types';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { currentPatientCount } from './accounts';
import type { Actor } from './actor';

/** "The last 4 weeks" of the clinic figures: 28 days ending today. */
export const ADHERENCE_WINDOW_DAYS = 28;
/** Weeks in the clinic-wide chart, the current one included. */
export const CLINIC_CHART_WEEKS = 26;

// Outcome due is a reminder about a questionnaire, not a clinical warning, and the clinic figures
// come from the window totals alone.
export type AttentionFlag = Exclude<FlagId, 'improving' | 'outcome_due'>;

export interface FigureCounts {
  /** Patients not discharged. */
  activePatients: number;
  /** Sessions over the adherence window (every patient, up to discharge for those discharged). */
  prescribed: number;
  completed: number;
  adherencePct: number | null;
  /** Active patients with at least one of pain rising, low adherence, inactive. */
  flagged: number;
  byFlag: Record<AttentionFlag, number>;
  improving: number;
}

export interface PhysioFigures extends FigureCounts {
  physioId: string;
  name: string;
  active: boolean;
}

export interface ClinicFigures {
  today: IsoDate;
  /** The first day of the adherence window. */
  windowStart: IsoDate;
  clinic: FigureCounts;
  physios: PhysioFigures[];
  /** Clinic-wide weeks, oldest first, each summed over every patient that week. */
  weeks: (ProgressWeek & { patients: number })[];
}

function emptyCounts(): FigureCounts {
  return {
    activePatients: 0,
    prescribed: 0,
    completed: 0,
    adherencePct: null,
    flagged: 0,
    byFlag: { pain_rising: 0, low_adherence: 0, inactive: 0 },
    improving: 0,
  };
}

const isAttentionFlag = (flag: FlagId): flag is AttentionFlag => ATTENTION_FLAGS.includes(flag);

/**
 * The clinic's figures for an admin (null for anyone else): active patients, adherence over the
 * last 28 days, flagged and improving patients per physio and for the clinic, and a clinic-wide
 * weekly series. Every number comes from the metrics module's SQL aggregations; flags come from
 * its per-patient window totals through the same `summarise` as the physio's caseload.
 */
export async function getClinicFigures(
  actor: Actor,
  today: IsoDate,
): Promise<ClinicFigures | null> {
  if (actor.role !== 'admin') return null;
  // From the replica when it is fit to answer (db/replica.ts), else the primary.
  const { result } = await readFromReplica('clinic figures', () => readFigures(today));
  return result;
}

async function readFigures(today: IsoDate): Promise<ClinicFigures> {
  const db = await getReadDb();
  const scope = { clinic: true } as const;
  const firstChartWeek = addDays(weekStart(today), -7 * (CLINIC_CHART_WEEKS - 1));

  const [physios, current, sessions, windows, weekly] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        active: users.active,
        activePatients: currentPatientCount,
      })
      .from(users)
      .where(eq(users.role, 'physio'))
      .orderBy(asc(users.name), asc(users.id)),
    // Whose patient each current patient is, to count their flags per physio.
    db
      .select({ patientId: patientProfiles.userId, physioId: patientProfiles.physioId })
      .from(patientProfiles)
      .where(isNull(patientProfiles.dischargedOn)),
    sessionTotalsByPhysio(db, { scope, today, days: ADHERENCE_WINDOW_DAYS }),
    windowTotals(db, { scope, today }),
    summedWeeklyTotals(db, { scope, today, from: firstChartWeek }),
  ]);

  const clinic = emptyCounts();
  const byPhysio = new Map<string, FigureCounts>();
  for (const physio of physios) {
    byPhysio.set(physio.id, { ...emptyCounts(), activePatients: physio.activePatients });
    clinic.activePatients += physio.activePatients;
  }
  const countsFor = (physioId: string): FigureCounts => {
    let counts = byPhysio.get(physioId);
    if (!counts) {
      // Not a physio (the schema allows any user as a patient's physio): counted, not listed.
      counts = emptyCounts();
      byPhysio.set(physioId, counts);
    }
    return counts;
  };

  const flagsOf = new Map(windows.map((t) => [t.patientId, summarise(t).flags]));
  for (const patient of current) {
    const flags = flagsOf.get(patient.patientId) ?? [];
    const attention = flags.filter(isAttentionFlag);
    for (const counts of [clinic, countsFor(patient.physioId)]) {
      if (attention.length > 0) counts.flagged += 1;
      for (const flag of attention) counts.byFlag[flag] += 1;
      if (flags.includes('improving')) counts.improving += 1;
    }
  }

  for (const total of sessions) {
    for (const counts of [clinic, countsFor(total.physioId)]) {
      counts.prescribed += total.prescribed;
      counts.completed += total.completed;
    }
  }
  for (const counts of [clinic, ...byPhysio.values()]) {
    counts.adherencePct = adherencePct(counts.completed, counts.prescribed);
  }

  return {
    today,
    windowStart: addDays(today, -(ADHERENCE_WINDOW_DAYS - 1)),
    clinic,
    physios: physios.map((p) => ({
      physioId: p.id,
      name: p.name,
      active: p.active,
      ...countsFor(p.id),
    })),
    weeks: clinicWeeks(weekly, weekStart(today)),
  };
}

/**
 * The summed weeks as the progress chart takes them, rounded by the metrics module, from the
 * first week with data to the current one; a week no patient reaches is a gap, not a zero.
 */
function clinicWeeks(weekly: SummedWeekTotals[], currentWeek: IsoDate): ClinicFigures['weeks'] {
  const first = weekly[0];
  if (!first) return [];
  const byStart = new Map(weekly.map((w) => [w.weekStart, w]));
  const weeks: ClinicFigures['weeks'] = [];
  for (let start = first.weekStart; start <= currentWeek; start = addDays(start, 7)) {
    const week = byStart.get(start) ?? {
      weekStart: start,
      prescribedSessions: 0,
      completedSessions: 0,
      painSum: 0,
      painReports: 0,
      patients: 0,
    };
    weeks.push({
      ...toWeeklyMetrics({ ...week, patientId: 'clinic' }),
      programmeWeek: null,
      patients: week.patients,
    });
  }
  return weeks;
}
