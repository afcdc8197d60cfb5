import 'server-only';
import { getDb } from '@/db/client';
import { streamQuery } from '@/db/cursor';
import { weeklyExportQuery } from '@/db/exports';
import type { PatientScope } from '@/db/metrics';
import { csvLine } from '@/lib/csv';
import type { IsoDate } from '@/lib/dates';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import type { WeekTotals } from '@/lib/metrics/types';
import { WEEKLY_CSV_HEADER, type ReportFilters } from '@/lib/validation/report-filters';
import type { Actor } from './actor';
import { recordAudit } from './audit';

interface ExportRow extends WeekTotals {
  patientName: string;
  patientEmail: string;
  physioName: string;
}

/** Admins export the clinic or one physio's caseload; a physio only their own; patients nothing. */
function exportScope(actor: Actor, filters: ReportFilters): PatientScope | null {
  if (actor.role === 'admin')
    return filters.physio ? { physioId: filters.physio } : { clinic: true };
  if (actor.role === 'physio') {
    return !filters.physio || filters.physio === actor.id ? { physioId: actor.id } : null;
  }
  return null;
}

/**
 * The spec's weekly CSV as a byte stream, read from a database cursor a batch at a time as the
 * client downloads it, so memory stays flat for any number of rows. The export is audited (who,
 * which filters, when) before the first byte. Null when the actor may not export this.
 */
export async function openWeeklyCsvExport(
  actor: Actor,
  filters: ReportFilters,
  today: IsoDate,
): Promise<ReadableStream<Uint8Array> | null> {
  const scope = exportScope(actor, filters);
  if (!scope) return null;
  const db = await getDb();
  await recordAudit(db, {
    actorId: actor.id,
    action: 'export.weekly_csv',
    targetType: 'report',
    ip: actor.ip,
    details: { physio: filters.physio ?? null, from: filters.from ?? null, to: filters.to ?? null },
  });

  const rows = streamQuery<ExportRow>(
    db,
    weeklyExportQuery({ scope, today, from: filters.from, to: filters.to }),
  );

  const encoder = new TextEncoder();
  return rows.pipeThrough(
    new TransformStream<ExportRow[], Uint8Array>({
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
    }),
  );
}
