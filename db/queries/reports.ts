import 'server-only';
import { getDb } from '@/db/client';
import { openQueryStream } from '@/db/cursor';
import { getReadDb, readFromReplica } from '@/db/replica';
import { outcomesExportQuery, weeklyExportQuery } from '@/db/exports';
import type { PatientScope } from '@/db/metrics';
import type { IsoDate } from '@/lib/dates';
import { outcomesCsvEncoder, type OutcomesExportRow } from '@/lib/reports/outcomes-csv';
import { weeklyCsvEncoder, type WeeklyExportRow } from '@/lib/reports/weekly-csv';
import type { ReportFilters } from '@/lib/validation/report-filters';
import type { Actor } from './actor';
import { recordAudit } from './audit';
import { loadDefinitions } from './outcome-measures';

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
 * which filters, when) when it is asked for, before anything is read. Resolves once the query is
 * planned and its first batch read, so a failing query rejects (the caller answers with an error
 * status) rather than breaking a download already under way. Null when the actor may not export
 * this.
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

  // The rows come from the replica when it is fit to answer (db/replica.ts), else the primary.
  const { result: rows } = await readFromReplica('weekly CSV', async () =>
    openQueryStream<WeeklyExportRow>(
      await getReadDb(),
      weeklyExportQuery({ scope, today, from: filters.from, to: filters.to }),
    ),
  );
  return rows.pipeThrough(weeklyCsvEncoder());
}

/**
 * A patient's own weekly CSV ("Download my data"), the same rows and format as the clinic's, for
 * their weeks only; audited like every export. Null for anyone but a patient.
 */
export async function openOwnWeeklyCsvExport(
  actor: Actor,
  today: IsoDate,
): Promise<ReadableStream<Uint8Array> | null> {
  if (actor.role !== 'patient') return null;
  const db = await getDb();
  await recordAudit(db, {
    actorId: actor.id,
    action: 'export.weekly_csv',
    targetType: 'patient',
    targetId: actor.id,
    ip: actor.ip,
    details: { own_copy: true },
  });
  const rows = await openQueryStream<WeeklyExportRow>(
    db,
    weeklyExportQuery({ scope: { patientId: actor.id }, today }),
  );
  return rows.pipeThrough(weeklyCsvEncoder());
}

/**
 * The outcomes CSV (issue 17): one row per completed questionnaire of the clinic, for admins only
 * (null for anyone else). Streamed from a cursor and audited when asked for, like the weekly CSV;
 * the rows hold scores, so nothing clinical goes in the audit entry.
 */
export async function openOutcomesCsvExport(
  actor: Actor,
): Promise<ReadableStream<Uint8Array> | null> {
  if (actor.role !== 'admin') return null;
  const db = await getDb();
  await recordAudit(db, {
    actorId: actor.id,
    action: 'export.outcomes_csv',
    targetType: 'report',
    ip: actor.ip,
  });
  const definitions = await loadDefinitions(db);
  const { result: rows } = await readFromReplica('outcomes CSV', async () =>
    openQueryStream<OutcomesExportRow>(await getReadDb(), outcomesExportQuery()),
  );
  return rows.pipeThrough(outcomesCsvEncoder(definitions));
}
