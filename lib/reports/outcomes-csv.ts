import { csvLine } from '@/lib/csv';
import type { Definition } from '@/lib/outcome-measures/definition';

/** The outcomes CSV's columns (issue 17, "Reports"): one row per completed questionnaire. */
export const OUTCOMES_CSV_HEADER = [
  'patient_id',
  'patient_name',
  'patient_email',
  'physio_name',
  'instrument',
  'instrument_name',
  'version',
  'answered_on',
  'score',
  'subscales',
  'group',
] as const;

export interface OutcomesExportRow {
  patientId: string;
  patientName: string;
  patientEmail: string;
  physioName: string;
  instrumentId: string;
  version: number;
  answeredOn: string;
  score: number;
  /** `subscale=sum` pairs by subscale id, `; `-separated (built in SQL from the jsonb). */
  subscales: string | null;
  bandId: string | null;
}

/**
 * Batches of export rows in, CSV bytes out: the header first, then one line per completed
 * questionnaire. The instrument's name and the group's label come from the version the
 * questionnaire was answered on (`definitions`), as the record shows them; a version that no longer
 * reads keeps its ids so no row is lost.
 */
export function outcomesCsvEncoder(
  definitions: readonly Definition[],
): TransformStream<OutcomesExportRow[], Uint8Array> {
  const encoder = new TextEncoder();
  const byKey = new Map(definitions.map((d) => [`${d.id}@${d.version}`, d]));
  return new TransformStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(OUTCOMES_CSV_HEADER)));
    },
    transform(batch, controller) {
      let text = '';
      for (const row of batch) {
        const definition = byKey.get(`${row.instrumentId}@${row.version}`);
        const band = definition?.scoring.bands.find((b) => b.id === row.bandId);
        text += csvLine([
          row.patientId,
          row.patientName,
          row.patientEmail,
          row.physioName,
          row.instrumentId,
          definition?.name ?? row.instrumentId,
          row.version,
          row.answeredOn,
          row.score,
          row.subscales ?? '',
          band?.label ?? row.bandId ?? '',
        ]);
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}
