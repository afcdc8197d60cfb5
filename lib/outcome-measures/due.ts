import { addDays, daysBetween, type IsoDate } from '@/lib/dates';
import type { OutcomeSchedule } from './schedules';

/**
 * What outcome measures are due for one patient on day D, from their assignments, responses,
 * "not today" skips, programme start and discharge date. Pure, so the patient's Today page, the
 * physio's record and the caseload flag all read the same rules:
 *
 * - `once`: due from the day it was asked for.
 * - `start`: due once, from the programme start (or the day assigned, if that is later).
 * - `every_N_weeks`: occasions at that same first day and every N weeks after; the latest occasion
 *   on or before D is due. An occasion that was missed is replaced by the next one, not stacked.
 * - `discharge`: due from the discharge date, for DISCHARGE_WINDOW_DAYS days.
 *
 * An occasion is answered by any response to the same instrument on or after its day, whichever
 * assignment prompted it: "at the start" and "every 4 weeks" together ask once on day one. After a
 * discharge only the discharge questionnaire is due (nothing counts after a discharge date). A skip
 * hides an instrument for that day only; it stays due, and the caseload still counts its days.
 */

export const DISCHARGE_WINDOW_DAYS = 14;

export interface DueAssignment {
  id: string;
  instrumentId: string;
  schedule: OutcomeSchedule;
  startsOn: IsoDate;
  active: boolean;
}

export interface DueInputs {
  day: IsoDate;
  assignments: readonly DueAssignment[];
  responses: readonly { instrumentId: string; answeredOn: IsoDate }[];
  skips: readonly { assignmentId: string; skippedOn: IsoDate }[];
  /** The first routine's start; null without one. */
  programmeStart: IsoDate | null;
  dischargedOn: IsoDate | null;
}

export interface DueMeasure {
  instrumentId: string;
  /** The day the earliest unanswered occasion came due. */
  dueSince: IsoDate;
  /** The assignments that want it now (a response names the first). */
  assignmentIds: string[];
  /** The patient said "not today" for it on D. */
  skippedToday: boolean;
}

const WEEKS: Partial<Record<OutcomeSchedule, number>> = {
  every_2_weeks: 2,
  every_4_weeks: 4,
  every_6_weeks: 6,
};

const later = (a: IsoDate, b: IsoDate | null) => (b !== null && b > a ? b : a);

/** The occasion of an assignment that counts on `day`, or null when none does. */
export function currentOccasion(
  assignment: DueAssignment,
  day: IsoDate,
  programmeStart: IsoDate | null,
  dischargedOn: IsoDate | null,
): IsoDate | null {
  if (!assignment.active) return null;
  if (assignment.schedule === 'discharge') {
    if (dischargedOn === null) return null;
    const from = later(dischargedOn, assignment.startsOn);
    if (day < from || daysBetween(from, day) >= DISCHARGE_WINDOW_DAYS) return null;
    return from;
  }
  if (dischargedOn !== null && day > dischargedOn) return null;
  if (assignment.schedule === 'once')
    return day >= assignment.startsOn ? assignment.startsOn : null;
  const first = later(assignment.startsOn, programmeStart);
  if (day < first) return null;
  const weeks = WEEKS[assignment.schedule];
  if (weeks === undefined) return first; // 'start'
  const period = weeks * 7;
  return addDays(first, Math.floor(daysBetween(first, day) / period) * period);
}

export function dueMeasures(inputs: DueInputs): DueMeasure[] {
  const { day, programmeStart, dischargedOn } = inputs;
  const byInstrument = new Map<string, DueMeasure>();
  for (const assignment of inputs.assignments) {
    const occasion = currentOccasion(assignment, day, programmeStart, dischargedOn);
    if (occasion === null) continue;
    const answered = inputs.responses.some(
      (r) => r.instrumentId === assignment.instrumentId && r.answeredOn >= occasion,
    );
    if (answered) continue;
    const skipped = inputs.skips.some(
      (s) => s.assignmentId === assignment.id && s.skippedOn === day,
    );
    const known = byInstrument.get(assignment.instrumentId);
    if (!known) {
      byInstrument.set(assignment.instrumentId, {
        instrumentId: assignment.instrumentId,
        dueSince: occasion,
        assignmentIds: [assignment.id],
        skippedToday: skipped,
      });
    } else {
      known.assignmentIds.push(assignment.id);
      if (occasion < known.dueSince) known.dueSince = occasion;
      // Skipping an instrument skips every assignment of it (db/queries/outcome-responses.ts).
      known.skippedToday = known.skippedToday && skipped;
    }
  }
  return [...byInstrument.values()].sort(
    (a, b) => a.dueSince.localeCompare(b.dueSince) || a.instrumentId.localeCompare(b.instrumentId),
  );
}

/** Due for more than this many days: the caseload's "Outcome due" flag. */
export const OUTCOME_DUE_FLAG_DAYS = 3;

/** Whether a measure has been waiting long enough on `day` for the caseload to flag it. */
export function overdue(measure: Pick<DueMeasure, 'dueSince'>, day: IsoDate): boolean {
  return daysBetween(measure.dueSince, day) > OUTCOME_DUE_FLAG_DAYS;
}
