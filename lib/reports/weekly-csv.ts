import { csvLine } from '@/lib/csv';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { WeekTotals } from '@/lib/metrics/types';
import { WEEKLY_CSV_HEADER } from '@/lib/validation/report-filters';

export interface WeeklyExportRow extends WeekTotals {
  patientName: string;
  patientEmail: string;
  physioName: string;
}

/**
 * Batches of export rows in, CSV bytes out: the header first, then one line per patient-week with
 * the metrics module's rounding. Holds nothing beyond the batch in hand.
 */
export function weeklyCsvEncoder(): TransformStream<WeeklyExportRow[], Uint8Array> {
  const encoder = new TextEncoder();
  return new TransformStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(WEEKLY_CSV_HEADER)));
    },
    transform(batch, controller) {
      let text = '';
      for (const row of batch) {
        const week = toWeeklyMetrics(row);
        text += csvLine([
          row.patientId,
          row.patientName,
          row.patientEmail,
          row.physioName,
          week.weekStart,
          week.prescribedSessions,
          week.completedSessions,
          week.adherencePct,
          week.meanPain,
          week.painReports,
        ]);
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}
