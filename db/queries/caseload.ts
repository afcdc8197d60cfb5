import 'server-only';
import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { windowTotals } from '@/db/metrics';
import { patientProfiles, routines, users } from '@/db/schema';
import type { CaseloadRow } from '@/lib/caseload-view';
import type { IsoDate } from '@/lib/dates';
import { summarise } from '@/lib/metrics/flags';
import type { Actor } from './actor';
import { caseloadOutcomes } from './outcome-measures';

/**
 * The signed-in physio's patients (other physios' never appear) with their last-14/7-day figures
 * and flags: two aggregate queries for the whole caseload, however many patients it holds.
 */
export async function getCaseload(actor: Actor, today: IsoDate): Promise<CaseloadRow[]> {
  if (actor.role !== 'physio') return [];
  const db = await getDb();
  const [patients, totals, outcomes] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        condition: patientProfiles.condition,
        dischargedOn: patientProfiles.dischargedOn,
        routineTitle: routines.title,
      })
      .from(patientProfiles)
      .innerJoin(users, eq(users.id, patientProfiles.userId))
      .leftJoin(
        routines,
        and(
          eq(routines.patientId, patientProfiles.userId),
          lte(routines.startDate, today),
          or(isNull(routines.endDate), gte(routines.endDate, today)),
        ),
      )
      .where(eq(patientProfiles.physioId, actor.id))
      .orderBy(asc(users.name)),
    windowTotals(db, { scope: { physioId: actor.id }, today }),
    caseloadOutcomes(db, actor.id, today),
  ]);
  const summaries = new Map(totals.map((t) => [t.patientId, summarise(t)]));
  return patients.map((patient) => {
    const summary = summaries.get(patient.id);
    const outcome = outcomes.get(patient.id);
    const flags = patient.dischargedOn ? [] : (summary?.flags ?? []);
    return {
      ...patient,
      lastActivity: summary?.lastActivity ?? null,
      adherence14Pct: summary?.adherence14Pct ?? null,
      meanPain7: summary?.meanPain7 ?? null,
      meanPainPrevious7: summary?.meanPainPrevious7 ?? null,
      // A discharge questionnaire can still be overdue after the discharge (due.ts).
      flags: outcome?.overdue ? [...flags, 'outcome_due' as const] : flags,
      startBackGroup: outcome?.startBackGroup ?? null,
    };
  });
}
