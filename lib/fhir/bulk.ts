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

/** The size a bulk export file's chunk is written at (db/fhir-export-worker.ts). */
export const NDJSON_CHUNK_BYTES = 64 * 1024;

export interface NdjsonChunk {
  body: string;
  lines: number;
}

/**
 * Gathers NDJSON lines into chunks of at most `limitBytes` (UTF-8), so an export holds one chunk
 * per file in memory rather than a page of patients: a chunk is handed back as soon as the next
 * line would not fit, or when it is full. A line as long as the limit or longer is a chunk of its
 * own (lines are never split, so each chunk is whole lines).
 *
 * The lines are copied into one buffer as they come rather than kept as strings: a buffer lives
 * outside the JavaScript heap, so what waits for a chunk to fill is not copied from one garbage
 * collection to the next, which is what made the export's memory grow with its throughput.
 */
export class NdjsonChunker {
  readonly #buffer: Buffer;
  #used = 0;
  #lines = 0;

  constructor(readonly limitBytes: number = NDJSON_CHUNK_BYTES) {
    if (!(limitBytes > 0)) throw new RangeError('a chunk limit must be positive');
    this.#buffer = Buffer.allocUnsafe(limitBytes);
  }

  /** Adds a line (ending in "\n"); returns the chunks it completed, oldest first (0–2). */
  push(line: string): NdjsonChunk[] {
    const size = Buffer.byteLength(line, 'utf8');
    const done: NdjsonChunk[] = [];
    if (this.#used > 0 && this.#used + size > this.limitBytes) done.push(this.#take());
    if (size >= this.limitBytes) {
      done.push({ body: line, lines: 1 });
      return done;
    }
    this.#buffer.write(line, this.#used, 'utf8');
    this.#used += size;
    this.#lines += 1;
    if (this.#used >= this.limitBytes) done.push(this.#take());
    return done;
  }

  /** What is left (the last, partly filled chunk), or null when nothing is. */
  end(): NdjsonChunk | null {
    return this.#lines > 0 ? this.#take() : null;
  }

  #take(): NdjsonChunk {
    const chunk = { body: this.#buffer.toString('utf8', 0, this.#used), lines: this.#lines };
    this.#used = 0;
    this.#lines = 0;
    return chunk;
  }
}
