import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  Observation,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import type { IsoDate } from '@/lib/dates';
import type { WeeklyMetrics } from '@/lib/metrics/types';
import { FHIR_VERSION } from './codes';
import {
  carePlanStatus,
  parseAdherenceObservationId,
  parseProcedureId,
  toActivityDefinition,
  toAdherenceObservation,
  toCarePlan,
  toCompletionProcedure,
  toGoal,
  toPainObservation,
  toPatient,
  toPractitioner,
  type FhirCompletionDayRow,
  type FhirExerciseRow,
  type FhirPainReportRow,
  type FhirPatientRow,
  type FhirPractitionerRow,
  type FhirRoutineRow,
} from './resources';
import {
  outcomeScoreObservationId,
  questionnaireId,
  toOutcomeScoreObservation,
  toQuestionnaire,
  toQuestionnaireResponse,
  type FhirOutcome,
} from './outcomes';
import { SEARCH_PARAMETERS, matchesCodes, matchesDates, type SearchQuery } from './search';

/** The rows of one patient's record (db/queries/fhir.ts loads them). */
export interface PatientRecordRows {
  patient: FhirPatientRow;
  practitioners: FhirPractitionerRow[];
  routines: FhirRoutineRow[];
  exercises: FhirExerciseRow[];
  painReports: FhirPainReportRow[];
  completionDays: FhirCompletionDayRow[];
  weeks: WeeklyMetrics[];
  /** Completed questionnaires (issue 17), oldest first, each with the version it was answered on. */
  outcomes: FhirOutcome[];
}

export type IssueCode =
  | 'not-found'
  | 'invalid'
  | 'login'
  | 'not-supported'
  | 'exception'
  | 'forbidden'
  | 'too-costly'
  | 'informational';

export function operationOutcome(code: IssueCode, diagnostics: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity:
          code === 'exception' ? 'fatal' : code === 'informational' ? 'information' : 'error',
        code,
        diagnostics,
      },
    ],
  };
}

export function observationsOf(record: PatientRecordRows, today: IsoDate): Observation[] {
  return [
    ...record.painReports.map(toPainObservation),
    ...record.weeks.map((week) => toAdherenceObservation(week, today)),
    ...record.outcomes.map((o) => toOutcomeScoreObservation(o.definition, o.response)),
  ];
}

/** The questionnaire versions the patient answered, once each (as $everything lists exercises). */
function questionnairesOf(record: PatientRecordRows) {
  const byId = new Map(record.outcomes.map((o) => [questionnaireId(o.definition), o.definition]));
  return [...byId.values()].map(toQuestionnaire);
}

/** Every resource about the patient, for `Patient/{id}/$everything` and "Download my data". */
export function everythingOf(record: PatientRecordRows, today: IsoDate): Resource[] {
  const goal = toGoal(record.patient);
  return [
    toPatient(record.patient),
    ...record.practitioners.map(toPractitioner),
    ...(goal ? [goal] : []),
    ...record.routines.map((routine) => toCarePlan(routine, today, goal)),
    ...record.exercises.map(toActivityDefinition),
    ...questionnairesOf(record),
    ...observationsOf(record, today),
    ...record.completionDays.map(toCompletionProcedure),
    ...record.outcomes.map((o) => toQuestionnaireResponse(o.definition, o.response)),
  ];
}

/** The types read by id out of a patient's whole record (db/queries/fhir.ts finds whose it is). */
export type RecordReadType = 'CarePlan' | 'Observation' | 'Procedure' | 'QuestionnaireResponse';

/** The resource `type/id` in the patient's record, or null when the record holds no such one. */
export function resourceInRecord(
  record: PatientRecordRows,
  type: RecordReadType,
  id: string,
  today: IsoDate,
): Resource | null {
  switch (type) {
    case 'CarePlan': {
      const routine = record.routines.find((r) => r.id === id);
      return routine ? toCarePlan(routine, today, toGoal(record.patient)) : null;
    }
    case 'Observation': {
      const report = record.painReports.find((r) => r.id === id);
      if (report) return toPainObservation(report);
      const week = parseAdherenceObservationId(id);
      const metrics = week && record.weeks.find((w) => w.weekStart === week.weekStart);
      if (metrics) return toAdherenceObservation(metrics, today);
      const scored = record.outcomes.find((o) => outcomeScoreObservationId(o.response.id) === id);
      return scored ? toOutcomeScoreObservation(scored.definition, scored.response) : null;
    }
    case 'QuestionnaireResponse': {
      const answered = record.outcomes.find((o) => o.response.id === id);
      return answered ? toQuestionnaireResponse(answered.definition, answered.response) : null;
    }
    case 'Procedure': {
      const key = parseProcedureId(id);
      const day =
        key &&
        record.completionDays.find(
          (d) => d.routineItemId === key.routineItemId && d.performedOn === key.performedOn,
        );
      return day ? toCompletionProcedure(day) : null;
    }
  }
}

/** The resources of one patient's record that a search of `query.type` matches, in order. */
export function searchRecord(
  record: PatientRecordRows,
  query: SearchQuery,
  today: IsoDate,
): Resource[] {
  switch (query.type) {
    case 'Patient':
      return [toPatient(record.patient)];
    case 'Questionnaire':
      // Questionnaires are searched across the clinic's definitions, not within a record.
      return [];
    case 'QuestionnaireResponse':
      return record.outcomes.map((o) => toQuestionnaireResponse(o.definition, o.response));
    case 'Goal': {
      const goal = toGoal(record.patient);
      return goal ? [goal] : [];
    }
    case 'CarePlan': {
      const goal = toGoal(record.patient);
      return record.routines
        .filter((r) => !query.statuses || query.statuses.includes(carePlanStatus(r, today)))
        .map((r) => toCarePlan(r, today, goal));
    }
    case 'Procedure':
      return record.completionDays
        .filter((d) => matchesDates(query.dates, d.performedOn, d.performedOn))
        .map(toCompletionProcedure);
    case 'Observation':
      return observationsOf(record, today).filter((observation) => {
        const start = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? '';
        const end = observation.effectiveDateTime ?? observation.effectivePeriod?.end ?? '';
        return (
          matchesCodes(query.codes, observation.code.coding ?? []) &&
          matchesDates(query.dates, start, end)
        );
      });
  }
}

/** A `searchset` Bundle of one page, with `self` and (when there is more) `next` links. */
export function searchsetBundle(options: {
  base: string;
  /** The search as asked, without `_offset`. */
  self: URL;
  resources: Resource[];
  total: number;
  offset: number;
  count: number;
}): Bundle {
  const link = (offset: number) => {
    const url = new URL(options.self);
    url.searchParams.set('_count', String(options.count));
    url.searchParams.set('_offset', String(offset));
    return url.toString();
  };
  const hasNext = options.offset + options.resources.length < options.total;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: options.total,
    link: [
      { relation: 'self', url: link(options.offset) },
      ...(hasNext ? [{ relation: 'next', url: link(options.offset + options.count) }] : []),
    ],
    entry: options.resources.map((resource): BundleEntry => ({
      fullUrl: `${options.base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

export const READ_TYPES = [
  'Patient',
  'Practitioner',
  'Goal',
  'CarePlan',
  'ActivityDefinition',
  'Observation',
  'Procedure',
  'Questionnaire',
  'QuestionnaireResponse',
] as const;
export type ReadType = (typeof READ_TYPES)[number];

export function isReadType(type: string): type is ReadType {
  return (READ_TYPES as readonly string[]).includes(type);
}

const SEARCH_PARAM_TYPES: Record<string, 'token' | 'reference' | 'date'> = {
  _id: 'token',
  patient: 'reference',
  code: 'token',
  date: 'date',
  status: 'token',
};

/** What this server supports, exactly (`GET /fhir/R4/metadata`). */
export function capabilityStatement(base: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-02',
    publisher: 'Adhere',
    kind: 'instance',
    software: { name: 'Adhere' },
    implementation: { description: 'Adhere read-only FHIR R4 API', url: base },
    fhirVersion: FHIR_VERSION,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only. Signed-in session of the app: a patient sees only themselves, a physio their own caseload, an admin everyone. What the caller may not see is 404.',
        security: {
          cors: false,
          description: 'The Adhere session cookie (sign in at /login).',
        },
        resource: READ_TYPES.map((type) => {
          // A searchable type with no parameters of its own (Questionnaire) still pages with _count.
          const params = (SEARCH_PARAMETERS as Record<string, readonly string[]>)[type];
          const searchable = params !== undefined;
          return {
            type,
            interaction: [
              { code: 'read' },
              ...(searchable ? [{ code: 'search-type' as const }] : []),
            ],
            ...(searchable
              ? {
                  searchParam: [
                    ...params.map((name) => ({ name, type: SEARCH_PARAM_TYPES[name] ?? 'token' })),
                    { name: '_count', type: 'number' as const },
                  ],
                }
              : {}),
            ...(type === 'Patient'
              ? {
                  operation: [
                    {
                      name: 'everything',
                      definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                    },
                  ],
                }
              : {}),
          };
        }),
      },
    ],
  };
}
