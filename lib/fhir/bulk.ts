import type { Resource } from '@medplum/fhirtypes';
import type { ReadType } from './bundle';

/*
 * The FHIR Bulk Data Access kick-off and manifest (HL7 Bulk Data IG 2.0), the parts that need no
 * database: which types an export holds, what a kick-off request may ask, and the manifest.
 */

/** What a Patient-level export holds: the resources in a patient's compartment. */
export const PATIENT_EXPORT_TYPES = [
  'Patient',
  'Goal',
  'CarePlan',
  'Observation',
  'Procedure',
  'QuestionnaireResponse',
] as const satisfies readonly ReadType[];

/** A system-level export adds the clinic's practitioners, exercise library and questionnaires. */
export const SYSTEM_EXPORT_TYPES = [
  ...PATIENT_EXPORT_TYPES,
  'Practitioner',
  'ActivityDefinition',
  'Questionnaire',
] as const satisfies readonly ReadType[];

export type ExportLevel = 'system' | 'patient';
export type ExportType = (typeof SYSTEM_EXPORT_TYPES)[number];

export const NDJSON = 'application/fhir+ndjson';
const OUTPUT_FORMATS = new Set([NDJSON, 'application/ndjson', 'ndjson']);
const KICK_OFF_PARAMETERS = new Set(['_type', '_outputFormat', '_since']);

export interface ExportRequest {
  level: ExportLevel;
  types: ExportType[];
}

/**
 * A kick-off request's parameters, strictly: an unknown parameter, a type this level does not
 * export, or an output format other than NDJSON is refused with the reason (a 400).
 */
export function parseKickOff(
  level: ExportLevel,
  params: URLSearchParams,
  prefer: string | null,
): { ok: true; value: ExportRequest } | { ok: false; message: string } {
  if (!prefer || !/(^|[,;\s])respond-async($|[,;\s])/.test(prefer)) {
    return {
      ok: false,
      message: 'A bulk export runs in the background: send "Prefer: respond-async".',
    };
  }
  for (const name of params.keys()) {
    if (!KICK_OFF_PARAMETERS.has(name)) {
      return { ok: false, message: `The parameter ${name} is not supported by $export.` };
    }
  }
  if (params.has('_since')) {
    return {
      ok: false,
      message: '_since is not supported: Adhere exports the whole record each time.',
    };
  }
  const formats = params.getAll('_outputFormat');
  if (formats.some((format) => !OUTPUT_FORMATS.has(format))) {
    return { ok: false, message: `_outputFormat must be ${NDJSON}.` };
  }
  const allowed: readonly string[] =
    level === 'system' ? SYSTEM_EXPORT_TYPES : PATIENT_EXPORT_TYPES;
  const asked = params
    .getAll('_type')
    .flatMap((value) => value.split(','))
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = asked.find((type) => !allowed.includes(type));
  if (unknown) {
    return {
      ok: false,
      message: `_type ${unknown} is not exported here; choose from ${allowed.join(', ')}.`,
    };
  }
  const types = (
    asked.length > 0 ? allowed.filter((t) => asked.includes(t)) : allowed
  ) as ExportType[];
  return { ok: true, value: { level, types } };
}

/** One NDJSON line: the resource as JSON, which never contains a raw newline. */
export function ndjsonLine(resource: Resource): string {
  return `${JSON.stringify(resource)}\n`;
}

export interface ExportManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: true;
  output: { type: string; url: string; count: number }[];
  error: never[];
}

/** The completed export's manifest: one file per resource type that has any resources. */
export function exportManifest(options: {
  transactionTime: Date;
  requestUrl: string;
  files: { type: string; count: number }[];
  fileUrl: (type: string) => string;
}): ExportManifest {
  return {
    transactionTime: options.transactionTime.toISOString(),
    request: options.requestUrl,
    requiresAccessToken: true,
    output: options.files
      .filter((file) => file.count > 0)
      .map((file) => ({ type: file.type, url: options.fileUrl(file.type), count: file.count })),
    error: [],
  };
}

/** The `X-Progress` header of a job still being built. */
export function exportProgress(done: number, total: number): string {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return `${percent}% (${done} of ${total} patients)`;
}
