import { z } from 'zod';
import { isIsoDate, type IsoDate } from '@/lib/dates';
import { OBSERVATION_CODES } from './codes';

/*
 * The search parameters the API supports (docs/fhir.md, the CapabilityStatement lists the same),
 * parsed strictly: an unknown parameter, a malformed value or a missing required one is a 400
 * OperationOutcome, never a server error, and never silently ignored.
 */

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;
const MAX_OFFSET = 1_000_000;

export const SEARCH_PARAMETERS = {
  Patient: ['_id'],
  Observation: ['patient', 'code', 'date'],
  CarePlan: ['patient', 'status'],
  Goal: ['patient'],
  Procedure: ['patient', 'date'],
  // Questionnaires hold no patient data: a search lists every version of every definition.
  Questionnaire: [],
  QuestionnaireResponse: ['patient'],
} as const;
export type SearchableType = keyof typeof SEARCH_PARAMETERS;
const COMMON = ['_count', '_offset', '_format'];

export function isSearchableType(type: string): type is SearchableType {
  return Object.hasOwn(SEARCH_PARAMETERS, type);
}

export type DatePrefix = 'eq' | 'ge' | 'le' | 'gt' | 'lt';
export interface DateFilter {
  prefix: DatePrefix;
  date: IsoDate;
}

export interface SearchQuery {
  type: SearchableType;
  count: number;
  offset: number;
  ids?: string[];
  patientId?: string;
  /** `system|code` pairs or bare codes, any of which may match. */
  codes?: { system?: string; code: string }[];
  dates: DateFilter[];
  statuses?: ('active' | 'completed')[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string) => ({ ok: false, message }) as const;

const uuid = z.uuid();
const isUuid = (value: string) => uuid.safeParse(value).success;

function integerIn(value: string, min: number, max: number): number | null {
  if (!/^\d{1,7}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function parseDate(value: string): DateFilter | null {
  const match = /^(eq|ge|le|gt|lt)?(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (!match || !isIsoDate(match[2]!)) return null;
  return { prefix: (match[1] as DatePrefix | undefined) ?? 'eq', date: match[2]! };
}

/** A reference to a patient as a search value: `Patient/<id>` or the bare id. */
function parsePatient(value: string): string | null {
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  return isUuid(id) ? id : null;
}

const single = (params: URLSearchParams, name: string): Parsed<string | undefined> => {
  const values = params.getAll(name);
  if (values.length > 1) return fail(`The parameter ${name} may be given only once.`);
  return { ok: true, value: values[0] };
};

/** Parses the query of `GET /fhir/R4/{type}?…`. */
export function parseSearch(type: SearchableType, params: URLSearchParams): Parsed<SearchQuery> {
  const allowed = new Set<string>([...SEARCH_PARAMETERS[type], ...COMMON]);
  for (const name of new Set(params.keys())) {
    if (!allowed.has(name)) {
      return fail(
        `A search parameter is not supported for ${type}. Supported: ${[...SEARCH_PARAMETERS[type], '_count', '_offset'].join(', ')}.`,
      );
    }
  }
  const query: SearchQuery = { type, count: DEFAULT_COUNT, offset: 0, dates: [] };

  const format = single(params, '_format');
  if (!format.ok) return format;
  if (
    format.value !== undefined &&
    !['json', 'application/fhir+json', 'application/json'].includes(format.value)
  ) {
    return fail('Only JSON is supported (_format=json).');
  }
  const countText = single(params, '_count');
  if (!countText.ok) return countText;
  if (countText.value !== undefined) {
    const n = integerIn(countText.value, 1, MAX_COUNT);
    if (n === null) return fail(`_count must be a whole number from 1 to ${MAX_COUNT}.`);
    query.count = n;
  }
  const offsetText = single(params, '_offset');
  if (!offsetText.ok) return offsetText;
  if (offsetText.value !== undefined) {
    const n = integerIn(offsetText.value, 0, MAX_OFFSET);
    if (n === null) return fail(`_offset must be a whole number from 0 to ${MAX_OFFSET}.`);
    query.offset = n;
  }

  const idText = single(params, '_id');
  if (!idText.ok) return idText;
  if (idText.value !== undefined) {
    const ids = idText.value.split(',');
    if (ids.length > MAX_COUNT || !ids.every(isUuid)) {
      return fail('_id must be one or more patient ids, separated by commas.');
    }
    query.ids = ids.map((id) => id.toLowerCase());
  }

  const patientText = single(params, 'patient');
  if (!patientText.ok) return patientText;
  if (patientText.value !== undefined) {
    const id = parsePatient(patientText.value);
    if (!id) return fail('patient must be a patient id or Patient/<id>.');
    query.patientId = id.toLowerCase();
  } else if (type !== 'Patient' && type !== 'Questionnaire') {
    return fail(
      `Searching ${type} needs the patient parameter; for a whole population use $export.`,
    );
  }

  const codeText = single(params, 'code');
  if (!codeText.ok) return codeText;
  if (codeText.value !== undefined) {
    const codes = codeText.value.split(',').map((token) => {
      const bar = token.indexOf('|');
      return bar === -1
        ? { code: token }
        : { system: token.slice(0, bar) || undefined, code: token.slice(bar + 1) };
    });
    if (codes.some((c) => c.code === '' || c.code.length > 100 || (c.system?.length ?? 0) > 200)) {
      return fail('code must be one or more tokens, each code or system|code.');
    }
    query.codes = codes;
  }

  for (const value of params.getAll('date')) {
    const filter = parseDate(value);
    if (!filter) {
      return fail(
        'date must be a calendar day YYYY-MM-DD, optionally prefixed by eq, ge, le, gt or lt.',
      );
    }
    query.dates.push(filter);
  }
  if (query.dates.length > 2) return fail('date may be given at most twice (a range).');

  const statusText = single(params, 'status');
  if (!statusText.ok) return statusText;
  if (statusText.value !== undefined) {
    const statuses = statusText.value.split(',');
    if (!statuses.every((s): s is 'active' | 'completed' => s === 'active' || s === 'completed')) {
      return fail('status must be active, completed, or both separated by a comma.');
    }
    query.statuses = statuses;
  }
  return { ok: true, value: query };
}

/** Whether a day range [start, end] matches every date filter (FHIR date search semantics). */
export function matchesDates(
  filters: readonly DateFilter[],
  start: IsoDate,
  end: IsoDate,
): boolean {
  return filters.every(({ prefix, date }) => {
    switch (prefix) {
      case 'eq':
        return start <= date && end >= date;
      case 'ge':
        return end >= date;
      case 'gt':
        return end > date;
      case 'le':
        return start <= date;
      case 'lt':
        return start < date;
    }
  });
}

/** Whether a CodeableConcept's codings match any of the searched tokens. */
export function matchesCodes(
  tokens: SearchQuery['codes'],
  codings: readonly { system?: string; code?: string }[],
): boolean {
  if (!tokens) return true;
  return tokens.some((token) =>
    codings.some(
      (coding) => coding.code === token.code && (!token.system || coding.system === token.system),
    ),
  );
}

/** The Observation codes Adhere produces, for the CapabilityStatement and docs. */
export const SUPPORTED_OBSERVATION_CODES = OBSERVATION_CODES.map((c) => `${c.system}|${c.code}`);
