import { addDays, isIsoDate, type IsoDate } from '@/lib/dates';
import { formatDate } from '@/lib/format';

/*
 * The versioning rule for a patient's programme: no action changes what was prescribed on a day
 * before today. A routine is a chain of versions, each in force from its start date to its end date
 * (inclusive, open when null); the weekly metrics count each day against the versions in force
 * that day, so this rule is what keeps every week already reported as it was.
 *
 * - An end date is today or later.
 * - A start date in the past is allowed only over days on which no version was in force: a
 *   patient's first programme begun on paper (up to 90 days back), or the days after one ended.
 * - A new version that starts today ends the one in force yesterday on yesterday. A version that
 *   starts today (or later) has no past yet, so a save on the same day replaces it.
 *
 * The data layer (db/queries/routines.ts, db/queries/patients.ts) decides with these functions and
 * the routine builder explains a save with them, so the rule and its words have one home.
 */

export const VERSION_LIMITS = {
  /** A start date may be back-dated this far, to record a programme begun on paper. */
  startDaysInPast: 90,
  /** A saved version's end date may be at most this long after its start. */
  endDaysAfterStart: 366,
  /** Ending a routine: its last day may be at most this long after today. */
  lastDayAfterToday: 366,
} as const;

const KEEP = 'the days already prescribed keep their adherence';

/** A discharged patient's programme stays as it was at discharge until they are restored. */
export function dischargedMessage(dischargedOn: IsoDate): string {
  return `This patient was discharged on ${formatDate(dischargedOn)}. Restore them to your caseload before changing their routine.`;
}

export const VERSION_MESSAGES = {
  startTooEarly: `The start date can be at most ${VERSION_LIMITS.startDaysInPast} days ago.`,
  startInFuture: 'The start date cannot be in the future. Save the routine on the day it starts.',
  endInPast: 'The end date cannot be in the past. Choose today or a later day.',
  endBeforeStart: 'The end date cannot be before the start date.',
  endTooLate: 'The end date can be at most a year after the start date.',
  lastDayInPast: `The last day cannot be before today: ${KEEP}. Choose today or a later day.`,
  lastDayTooLate: 'The last day can be at most a year from today.',
  noCurrent: 'This patient has no current routine to end.',
} as const;

/** A version of a patient's programme as the rule sees it (the title is for messages only). */
export interface VersionSpan {
  id: string;
  title: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/** A version as `routines` stores it: its span, whose programme it is, who wrote it, what it follows. */
export interface VersionRecord extends VersionSpan {
  patientId: string;
  createdBy: string;
  previousRoutineId: string | null;
}

export interface Refusal {
  ok: false;
  field?: 'startDate' | 'endDate';
  message: string;
}

/** What saving a new version does. */
export interface SavePlan {
  ok: true;
  startDate: IsoDate;
  endDate: IsoDate | null;
  /** Versions in force on the new start date, which now end the day before it. */
  ends: { version: VersionSpan; endDate: IsoDate }[];
  /** Versions that have not started before today: the new one takes their place. */
  replaces: VersionSpan[];
  /** The version the new one follows in the chain (the latest one that is kept), if any. */
  follows: VersionSpan | null;
}

/** What ending the current routine does. */
export interface EndPlan {
  ok: true;
  version: VersionSpan;
  endDate: IsoDate;
}

const inForceOn = (version: VersionSpan, day: IsoDate) =>
  version.startDate <= day && (version.endDate === null || version.endDate >= day);

const byStart = (versions: readonly VersionSpan[]) =>
  [...versions].sort((a, b) => a.startDate.localeCompare(b.startDate));

/**
 * The last day before today on which a version was in force, with that version (the one that
 * started latest, if two were); null when none ever was.
 */
function lastPrescribedDay(
  versions: readonly VersionSpan[],
  today: IsoDate,
): { day: IsoDate; version: VersionSpan } | null {
  const yesterday = addDays(today, -1);
  let latest: { day: IsoDate; version: VersionSpan } | null = null;
  for (const version of byStart(versions)) {
    if (version.startDate > yesterday) continue;
    const day =
      version.endDate === null || version.endDate > yesterday ? yesterday : version.endDate;
    if (!latest || day >= latest.day) latest = { day, version };
  }
  return latest;
}

/** The earliest start date a new version may have today. */
export function earliestStart(versions: readonly VersionSpan[], today: IsoDate): IsoDate {
  const floor = addDays(today, -VERSION_LIMITS.startDaysInPast);
  const last = lastPrescribedDay(versions, today);
  if (!last) return floor;
  const after = addDays(last.day, 1);
  return after > floor ? after : floor;
}

/** The start date's own limits: not in the future, at most 90 days back. */
export function startDateProblem(startDate: IsoDate, today: IsoDate): string | null {
  if (startDate > today) return VERSION_MESSAGES.startInFuture;
  if (startDate < addDays(today, -VERSION_LIMITS.startDaysInPast)) {
    return VERSION_MESSAGES.startTooEarly;
  }
  return null;
}

/** The end date's limits: today or later, not before the start, at most a year after it. */
export function endDateProblem(
  startDate: IsoDate,
  endDate: IsoDate | null,
  today: IsoDate,
): string | null {
  if (endDate === null) return null;
  if (endDate < today) return VERSION_MESSAGES.endInPast;
  if (endDate < startDate) return VERSION_MESSAGES.endBeforeStart;
  if (endDate > addDays(startDate, VERSION_LIMITS.endDaysAfterStart)) {
    return VERSION_MESSAGES.endTooLate;
  }
  return null;
}

/**
 * Whether a new version from `startDate` to `endDate` may be saved today, given the patient's
 * versions, and if so what happens to them.
 */
export function planSave(input: {
  versions: readonly VersionSpan[];
  today: IsoDate;
  startDate: IsoDate;
  endDate: IsoDate | null;
  dischargedOn?: IsoDate | null;
}): SavePlan | Refusal {
  const { versions, today, startDate, endDate } = input;
  if (input.dischargedOn) return { ok: false, message: dischargedMessage(input.dischargedOn) };
  const startProblem = startDateProblem(startDate, today);
  if (startProblem) return { ok: false, field: 'startDate', message: startProblem };

  const last = lastPrescribedDay(versions, today);
  if (last && startDate <= last.day) {
    const { version } = last;
    const earliest = addDays(last.day, 1);
    const message =
      version.endDate === null || version.endDate >= today
        ? `“${version.title}” has been in force since ${formatDate(version.startDate)}. Start the new version today: ${KEEP}.`
        : `“${version.title}” was in force until ${formatDate(last.day)}. Start the new version ${
            earliest === today ? 'today' : `on ${formatDate(earliest)} or later`
          }: ${KEEP}.`;
    return { ok: false, field: 'startDate', message };
  }

  const endProblem = endDateProblem(startDate, endDate, today);
  if (endProblem) return { ok: false, field: 'endDate', message: endProblem };

  // Only a start of today can meet a version still in force, which then ends yesterday; a start
  // further back lies wholly in days that had none.
  const sorted = byStart(versions);
  const replaces = sorted.filter((v) => v.startDate >= today);
  const kept = sorted.filter((v) => v.startDate < today);
  const ends = kept
    .filter((v) => v.startDate < startDate && inForceOn(v, startDate))
    .map((version) => ({ version, endDate: addDays(startDate, -1) }));
  return { ok: true, startDate, endDate, ends, replaces, follows: kept.at(-1) ?? null };
}

/** The version "End this routine" acts on: in force today, or due to start later. */
export function currentVersion(
  versions: readonly VersionSpan[],
  today: IsoDate,
): VersionSpan | null {
  return (
    byStart(versions)
      .filter((v) => v.endDate === null || v.endDate >= today)
      .at(-1) ?? null
  );
}

/** Whether the current routine may end on `endDate` (its last day, inclusive). */
export function planEnd(input: {
  versions: readonly VersionSpan[];
  today: IsoDate;
  endDate: IsoDate;
  dischargedOn?: IsoDate | null;
}): EndPlan | Refusal {
  const { today, endDate } = input;
  // Discharge ended the programme; moving that end would count days after the discharge again
  // once the patient is restored.
  if (input.dischargedOn) return { ok: false, message: dischargedMessage(input.dischargedOn) };
  const version = currentVersion(input.versions, today);
  if (!version) return { ok: false, message: VERSION_MESSAGES.noCurrent };
  if (endDate < today)
    return { ok: false, field: 'endDate', message: VERSION_MESSAGES.lastDayInPast };
  if (endDate < version.startDate) {
    return {
      ok: false,
      field: 'endDate',
      message: `This routine starts on ${formatDate(version.startDate)}. Choose that day or a later one.`,
    };
  }
  if (endDate > addDays(today, VERSION_LIMITS.lastDayAfterToday)) {
    return { ok: false, field: 'endDate', message: VERSION_MESSAGES.lastDayTooLate };
  }
  return { ok: true, version, endDate };
}

/**
 * Discharge happens today: every version in force today or later ends today (one due to start
 * later ends on its start day, which the metrics never reach, as counting stops at discharge).
 * Until the patient is restored, planSave and planEnd refuse any change.
 */
export function planDischarge(input: { versions: readonly VersionSpan[]; today: IsoDate }): {
  dischargedOn: IsoDate;
  ends: { version: VersionSpan; endDate: IsoDate }[];
} {
  const { today } = input;
  const ends = byStart(input.versions)
    .filter((v) => v.endDate === null || v.endDate >= today)
    .map((version) => ({
      version,
      endDate: version.startDate > today ? version.startDate : today,
    }));
  return { dischargedOn: today, ends };
}

/** The builder's hint under "Start date". */
export function startDateHint(versions: readonly VersionSpan[], today: IsoDate): string {
  const earliest = earliestStart(versions, today);
  if (!lastPrescribedDay(versions, today)) {
    return `Today, or up to ${VERSION_LIMITS.startDaysInPast} days ago for a routine begun on paper.`;
  }
  if (earliest >= today) return `Today: ${KEEP}.`;
  return `Today, or as far back as ${formatDate(earliest)} for a routine begun on paper: no routine was in force since then.`;
}

/** The "End this routine" form's hint under its date. */
export const LAST_DAY_HINT = `Today or a later day: ${KEEP}.`;

/**
 * What saving the builder's form will do, in words, from the dates as typed (empty end date: no
 * end). A refusal is the message the save itself would give.
 */
export function explainSave(input: {
  versions: readonly VersionSpan[];
  today: IsoDate;
  patientName: string;
  startDate: string;
  endDate: string;
}): { refused: boolean; text: string } {
  const { versions, today, patientName } = input;
  const hasCurrent = currentVersion(versions, today) !== null;
  if (!isIsoDate(input.startDate) || (input.endDate !== '' && !isIsoDate(input.endDate))) {
    return {
      refused: false,
      text: hasCurrent
        ? 'Saving starts a new version of the routine.'
        : `Saving assigns this routine to ${patientName}.`,
    };
  }
  const plan = planSave({
    versions,
    today,
    startDate: input.startDate,
    endDate: input.endDate === '' ? null : input.endDate,
  });
  if (!plan.ok) return { refused: true, text: plan.message };

  const start = formatDate(plan.startDate);
  const sentences: string[] = [];
  for (const { version, endDate } of plan.ends) {
    sentences.push(
      `“${version.title}” will end on ${formatDate(endDate)} and this version starts on ${start}. Earlier weeks keep their adherence.`,
    );
  }
  for (const version of plan.replaces) {
    sentences.push(
      `This replaces “${version.title}”, which ${version.startDate === today ? 'starts today' : `starts on ${formatDate(version.startDate)}`}.`,
    );
  }
  if (plan.ends.length === 0 && plan.replaces.length === 0) {
    sentences.push(`Saving assigns this routine to ${patientName} from ${start}.`);
  }
  if (plan.startDate < today) {
    sentences.push(
      `No routine was in force since then, so the days from ${start} count towards the adherence of their weeks.`,
    );
  } else if (plan.ends.length > 0 || plan.replaces.length > 0) {
    sentences.push(
      'Exercises already ticked off today stay ticked off if they are still in the routine.',
    );
  }
  return { refused: false, text: sentences.join(' ') };
}
