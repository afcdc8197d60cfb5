/**
 * The code systems and identifiers of Adhere's FHIR R4 API (docs/fhir.md). Adhere's own URLs are
 * names, stable across installations so data from several clinics can be pooled; they are not
 * meant to resolve.
 */
export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';

export const ADHERE_BASE = 'https://adhere.app/fhir';
/** Identifier system of Adhere's account ids (Patient and Practitioner). */
export const ADHERE_USER_ID = `${ADHERE_BASE}/NamingSystem/user-id`;
/** Adhere's own code system, for what no standard code describes (weekly adherence). */
export const ADHERE_CODES = `${ADHERE_BASE}/CodeSystem/adhere`;
/** Canonical URL of a library exercise as an ActivityDefinition. */
export const activityDefinitionUrl = (exerciseId: string) =>
  `${ADHERE_BASE}/ActivityDefinition/${exerciseId}`;

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';

export const EXERCISE_THERAPY = {
  system: SNOMED,
  code: '229065009',
  display: 'Exercise therapy',
} as const;

export const PAIN_SEVERITY = {
  system: LOINC,
  code: '72514-3',
  display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
} as const;

export const WEEKLY_ADHERENCE = {
  system: ADHERE_CODES,
  code: 'weekly-adherence',
  display: 'Home-exercise programme adherence over one ISO week',
} as const;
export const PRESCRIBED_SESSIONS = {
  system: ADHERE_CODES,
  code: 'prescribed-sessions',
  display: 'Exercise sessions prescribed',
} as const;
export const COMPLETED_SESSIONS = {
  system: ADHERE_CODES,
  code: 'completed-sessions',
  display: 'Exercise sessions completed',
} as const;

/** The Observation codes a search may name, as `system|code` or a bare code. */
export const OBSERVATION_CODES = [PAIN_SEVERITY, WEEKLY_ADHERENCE] as const;
