import type {
  ActivityDefinition,
  CarePlan,
  CarePlanActivity,
  Goal,
  Observation,
  Patient,
  Practitioner,
  Procedure,
  Reference,
} from '@medplum/fhirtypes';
import { addDays, type IsoDate } from '@/lib/dates';
import type { WeeklyMetrics } from '@/lib/metrics/types';
import type { ItemDose } from '@/lib/routine-item';
import type { VersionRecord } from '@/lib/routine-versions';
import { isScheduledOn } from '@/lib/weekdays';
import {
  ADHERE_USER_ID,
  COMPLETED_SESSIONS,
  DATA_ABSENT_REASON,
  EXERCISE_THERAPY,
  OBSERVATION_CATEGORY,
  PAIN_SEVERITY,
  PRESCRIBED_SESSIONS,
  UCUM,
  WEEKLY_ADHERENCE,
  activityDefinitionUrl,
} from './codes';

/*
 * Pure functions from the data layer's rows to FHIR R4 resources (docs/fhir.md is the mapping in
 * words, with an example of each). They hold no rule of who may see what: db/queries/fhir.ts
 * decides that and hands over only visible rows.
 */

export interface FhirPatientRow {
  id: string;
  name: string;
  email: string;
  dateOfBirth: IsoDate | null;
  active: boolean;
  physioId: string;
  goal: string;
  dischargedOn: IsoDate | null;
}

export interface FhirPractitionerRow {
  id: string;
  name: string;
  email: string;
  active: boolean;
}

export interface FhirRoutineItemRow extends ItemDose {
  id: string;
  exerciseId: string;
  exerciseName: string;
  position: number;
}

export interface FhirRoutineRow extends VersionRecord {
  createdAt: Date;
  items: FhirRoutineItemRow[];
}

export interface FhirExerciseRow {
  id: string;
  name: string;
  instructions: string;
  archived: boolean;
  mediaUrl: string | null;
}

export interface FhirPainReportRow {
  id: string;
  patientId: string;
  reportedOn: IsoDate;
  score: number;
  note: string;
  updatedAt: Date;
}

/** Completions of one routine item on one day: how many of its sessions were done. */
export interface FhirCompletionDayRow {
  patientId: string;
  routineId: string;
  routineItemId: string;
  exerciseId: string;
  exerciseName: string;
  performedOn: IsoDate;
  sessions: number;
  timesPerDay: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Reference fits any target type
const ref = (type: string, id: string): Reference<any> => ({ reference: `${type}/${id}` });

/** "Ada Lovelace" → given ["Ada"], family "Lovelace"; the full name is always kept as text. */
function humanName(name: string) {
  const parts = name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.pop() : undefined;
  return [{ use: 'usual' as const, text: name, ...(family ? { family } : {}), given: parts }];
}

export function toPatient(row: FhirPatientRow): Patient {
  return {
    resourceType: 'Patient',
    id: row.id,
    identifier: [{ system: ADHERE_USER_ID, value: row.id }],
    active: row.active,
    name: humanName(row.name),
    telecom: [{ system: 'email', value: row.email }],
    ...(row.dateOfBirth ? { birthDate: row.dateOfBirth } : {}),
    generalPractitioner: [ref('Practitioner', row.physioId)],
  };
}

export function toPractitioner(row: FhirPractitionerRow): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: row.id,
    identifier: [{ system: ADHERE_USER_ID, value: row.id }],
    active: row.active,
    name: humanName(row.name),
    telecom: [{ system: 'email', value: row.email, use: 'work' }],
    qualification: [{ code: { text: 'Physiotherapist' } }],
  };
}

/** The patient's goal text, or null when none was written. Its id is the patient's. */
export function toGoal(row: FhirPatientRow): Goal | null {
  if (row.goal.trim() === '') return null;
  return {
    resourceType: 'Goal',
    id: row.id,
    lifecycleStatus: row.dischargedOn ? 'completed' : 'active',
    description: { text: row.goal },
    subject: ref('Patient', row.id),
  };
}

const FHIR_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function fhirWeekdays(daysMask: number): (typeof FHIR_WEEKDAYS)[number][] {
  return FHIR_WEEKDAYS.filter((_, i) => isScheduledOn(daysMask, i + 1));
}

/** The dose in words, as the patient sees it: "2 sets of 10 reps, hold 5 s, twice a day". */
export function describeDose(item: FhirRoutineItemRow): string {
  const times =
    ['once', 'twice', 'three times'][item.timesPerDay - 1] ?? `${item.timesPerDay} times`;
  const hold = item.holdSeconds ? `, hold ${item.holdSeconds} s` : '';
  const note = item.note.trim() ? `. ${item.note.trim()}` : '';
  return `${item.sets} sets of ${item.reps} reps${hold}, ${times} a day${note}`;
}

/** A routine version is completed once its last day has passed (or the patient was discharged). */
export function carePlanStatus(
  routine: Pick<FhirRoutineRow, 'endDate'>,
  today: IsoDate,
): 'active' | 'completed' {
  return routine.endDate !== null && routine.endDate < today ? 'completed' : 'active';
}

function toActivity(item: FhirRoutineItemRow, status: 'active' | 'completed'): CarePlanActivity {
  return {
    detail: {
      kind: 'ServiceRequest',
      instantiatesCanonical: [activityDefinitionUrl(item.exerciseId)],
      code: { coding: [{ ...EXERCISE_THERAPY }], text: item.exerciseName },
      status: status === 'active' ? 'in-progress' : 'completed',
      scheduledTiming: {
        repeat: {
          frequency: item.timesPerDay,
          period: 1,
          periodUnit: 'd',
          dayOfWeek: fhirWeekdays(item.daysMask),
        },
      },
      quantity: { value: item.reps, unit: 'repetitions per set', system: UCUM, code: '1' },
      description: describeDose(item),
    },
  };
}

/** One routine version; `replaces` points at the version it took over from. */
export function toCarePlan(
  routine: FhirRoutineRow,
  today: IsoDate,
  goal: Goal | null = null,
): CarePlan {
  const status = carePlanStatus(routine, today);
  return {
    resourceType: 'CarePlan',
    id: routine.id,
    status,
    intent: 'plan',
    title: routine.title,
    category: [{ coding: [{ ...EXERCISE_THERAPY }] }],
    subject: ref('Patient', routine.patientId),
    period: { start: routine.startDate, ...(routine.endDate ? { end: routine.endDate } : {}) },
    created: routine.createdAt.toISOString(),
    author: ref('Practitioner', routine.createdBy),
    ...(routine.previousRoutineId
      ? { replaces: [ref('CarePlan', routine.previousRoutineId)] }
      : {}),
    ...(goal?.id ? { goal: [ref('Goal', goal.id)] } : {}),
    activity: [...routine.items]
      .sort((a, b) => a.position - b.position)
      .map((item) => toActivity(item, status)),
  };
}

export function toActivityDefinition(exercise: FhirExerciseRow): ActivityDefinition {
  return {
    resourceType: 'ActivityDefinition',
    id: exercise.id,
    url: activityDefinitionUrl(exercise.id),
    title: exercise.name,
    status: exercise.archived ? 'retired' : 'active',
    kind: 'ServiceRequest',
    code: { coding: [{ ...EXERCISE_THERAPY }], text: exercise.name },
    description: exercise.instructions,
    ...(exercise.mediaUrl
      ? { relatedArtifact: [{ type: 'documentation', url: exercise.mediaUrl }] }
      : {}),
  };
}

export function toPainObservation(report: FhirPainReportRow): Observation {
  return {
    resourceType: 'Observation',
    id: report.id,
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: { coding: [{ ...PAIN_SEVERITY }], text: 'Average low back pain over the last 24 hours' },
    subject: ref('Patient', report.patientId),
    effectiveDateTime: report.reportedOn,
    issued: report.updatedAt.toISOString(),
    valueInteger: report.score,
    ...(report.note.trim() ? { note: [{ text: report.note }] } : {}),
  };
}

/** `adherence-<patient id>-<Monday>`: the id of a weekly adherence Observation. */
export function adherenceObservationId(patientId: string, weekStart: IsoDate): string {
  return `adherence-${patientId}-${weekStart}`;
}

export function parseAdherenceObservationId(
  id: string,
): { patientId: string; weekStart: IsoDate } | null {
  const match = /^adherence-([0-9a-f-]{36})-(\d{4}-\d{2}-\d{2})$/.exec(id);
  return match ? { patientId: match[1]!, weekStart: match[2]! } : null;
}

/**
 * One ISO week's adherence, from the metrics module's row (the same as the weekly CSV's). The week
 * holding `today` is still running, so its Observation is preliminary.
 */
export function toAdherenceObservation(week: WeeklyMetrics, today: IsoDate): Observation {
  const weekEnd = addDays(week.weekStart, 6);
  return {
    resourceType: 'Observation',
    id: adherenceObservationId(week.patientId, week.weekStart),
    status: weekEnd < today ? 'final' : 'preliminary',
    category: [
      { coding: [{ system: OBSERVATION_CATEGORY, code: 'activity', display: 'Activity' }] },
    ],
    code: { coding: [{ ...WEEKLY_ADHERENCE }], text: 'Weekly adherence' },
    subject: ref('Patient', week.patientId),
    effectivePeriod: { start: week.weekStart, end: weekEnd },
    ...(week.adherencePct === null
      ? {
          dataAbsentReason: {
            coding: [{ system: DATA_ABSENT_REASON, code: 'not-applicable' }],
            text: 'No session was prescribed this week',
          },
        }
      : { valueQuantity: { value: week.adherencePct, unit: '%', system: UCUM, code: '%' } }),
    component: [
      { code: { coding: [{ ...PRESCRIBED_SESSIONS }] }, valueInteger: week.prescribedSessions },
      { code: { coding: [{ ...COMPLETED_SESSIONS }] }, valueInteger: week.completedSessions },
    ],
  };
}

/** `<routine item id>.<day>`: the id of a completion Procedure. */
export function procedureId(routineItemId: string, performedOn: IsoDate): string {
  return `${routineItemId}.${performedOn}`;
}

export function parseProcedureId(
  id: string,
): { routineItemId: string; performedOn: IsoDate } | null {
  const match = /^([0-9a-f-]{36})\.(\d{4}-\d{2}-\d{2})$/.exec(id);
  return match ? { routineItemId: match[1]!, performedOn: match[2]! } : null;
}

/**
 * What the patient did of one exercise on one day, as a Procedure: an act performed by the
 * patient, part of the CarePlan it was prescribed in. The sessions done out of those prescribed
 * are in the note (Procedure has no count of its own).
 */
export function toCompletionProcedure(day: FhirCompletionDayRow): Procedure {
  const sessions = Math.min(day.sessions, day.timesPerDay);
  return {
    resourceType: 'Procedure',
    id: procedureId(day.routineItemId, day.performedOn),
    basedOn: [ref('CarePlan', day.routineId)],
    instantiatesCanonical: [activityDefinitionUrl(day.exerciseId)],
    status: 'completed',
    category: { coding: [{ ...EXERCISE_THERAPY }] },
    code: { coding: [{ ...EXERCISE_THERAPY }], text: day.exerciseName },
    subject: ref('Patient', day.patientId),
    performedDateTime: day.performedOn,
    performer: [{ actor: ref('Patient', day.patientId) }],
    note: [{ text: `${sessions} of ${day.timesPerDay} sessions done` }],
  };
}
