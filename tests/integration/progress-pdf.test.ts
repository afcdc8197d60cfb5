import { and, eq } from 'drizzle-orm';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { windowTotals } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { getPatientProgress } from '@/db/queries/progress';
import { exportProgressPdf, getProgressReportData } from '@/db/queries/progress-report';
import { listRoutineHistory } from '@/db/queries/routines';
import { seedAll } from '@/db/seed';
import { auditEvents, users } from '@/db/schema';
import { FLAG_INFO, summarise } from '@/lib/metrics/flags';
import type { ProgressWeek } from '@/lib/metrics/progress';
import { setupTestDatabase } from './helpers/database';

const TODAY = '2026-11-25';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The PDF's text as a real reader extracts it: one string per line, table cells joined by " | ". */
async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS }).promise;
  const out: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines = new Map<number, { x: number; width: number; str: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      const part = { x: item.transform[4] as number, width: item.width, str: item.str };
      lines.set(y, [...(lines.get(y) ?? []), part]);
    }
    for (const [, parts] of [...lines.entries()].sort(([a], [b]) => b - a)) {
      let line = '';
      let end = -Infinity;
      for (const part of parts.sort((a, b) => a.x - b.x)) {
        line += line === '' ? part.str : part.x - end > 8 ? ` | ${part.str.trimStart()}` : part.str;
        line = line.trimEnd();
        end = part.x + part.width;
      }
      out.push(line);
    }
  }
  await pdf.destroy();
  return out;
}

/** A week's row as a referrer reads it, written here independently of the renderer. */
function expectedRow(week: ProgressWeek): string {
  const [year, month, day] = week.weekStart.split('-');
  return [
    `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`,
    week.programmeWeek ?? '—',
    `${week.completedSessions} / ${week.prescribedSessions}`,
    week.adherencePct === null ? '—' : `${week.adherencePct.toFixed(1)}%`,
    week.meanPain === null ? '—' : week.meanPain.toFixed(1),
    week.painReports,
  ].join(' | ');
}

describe('the PDF progress report', () => {
  const db = setupTestDatabase();
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    await seedAll(db(), { today: TODAY });
    for (const u of await db().select().from(users)) {
      actors[u.email] = { id: u.id, role: u.role, name: u.name, email: u.email, sessionId: 'test' };
    }
  });

  const actor = (email: string) => actors[email]!;
  const patientId = () => actor('patient@demo.test').id;

  it.each(['physio@demo.test', 'admin@demo.test'])(
    'extracts the PDF’s text and finds the patient, the physio and the weekly numbers (%s)',
    async (email) => {
      const as = actor(email);
      const pdf = await exportProgressPdf(as, patientId(), TODAY);
      expect(pdf).not.toBeNull();
      expect(new TextDecoder().decode(pdf!.bytes.subarray(0, 5))).toBe('%PDF-');
      expect(pdf!.fileName).toBe(`adhere-progress-sam-whitfield-${TODAY}.pdf`);

      const lines = await pdfLines(pdf!.bytes);
      const text = lines.join('\n');
      const physio = actor('physio@demo.test');
      expect(lines).toContain('Patient | Sam Whitfield');
      expect(lines).toContain(`Physiotherapist | ${physio.name}`);

      // The weekly numbers are exactly the metrics module's, first week to this week.
      const progress = await getPatientProgress(physio, patientId(), TODAY);
      const weeks = progress!.weeks;
      expect(weeks.length).toBeGreaterThan(4);
      const first = weeks[0]!;
      const last = weeks.at(-1)!;
      expect(first.programmeWeek).toBe(1);
      expect(first.adherencePct).not.toBeNull();
      expect(last.weekStart).toBe('2026-11-23');
      for (const week of weeks) expect(lines).toContain(expectedRow(week));
      expect(lines.filter((l) => /^\d{1,2} [A-Z][a-z]{2} \d{4} \| /.test(l))).toHaveLength(
        weeks.length,
      );
      expect(text).toContain('The week of 23 Nov 2026 counts up to Wed 25 Nov 2026.');

      // The routine versions, and the flags as of today with what they mean.
      for (const version of (await listRoutineHistory(physio, patientId()))!) {
        expect(lines).toContain(version.title);
      }
      const [totals] = await windowTotals(db(), {
        scope: { patientId: patientId() },
        today: TODAY,
      });
      const summary = summarise(totals!);
      expect(summary.flags.length).toBeGreaterThan(0);
      for (const flag of summary.flags) expect(text).toContain(`${FLAG_INFO[flag].label}: `);
      expect(lines).toContain(`Mean pain, last 7 days | ${summary.meanPain7?.toFixed(1)}`);
      expect(lines).toContain(`Baseline pain | ${summary.baselinePain?.toFixed(1)}`);
      expect(text).toMatch(/Change from baseline \| \d+\.\d points? (lower|higher)/);
    },
  );

  it('prints the outcome measures with their scores, groups and change from baseline', async () => {
    const pdf = await exportProgressPdf(actor('physio@demo.test'), patientId(), TODAY);
    const text = (await pdfLines(pdf!.bytes)).join('\n');
    expect(text).toContain('Outcome measures');
    expect(text).toContain('Patient-Specific Functional Scale (PSFS)');
    expect(text).toMatch(
      /Change from baseline: \+3, clinically important improvement \(threshold 2 points/,
    );
    expect(text).toMatch(/\| 3\.5 \|/);
    expect(text).toMatch(/\| 6\.5 \|/);
    expect(text).toMatch(/\| 5 \| Medium risk \| 1/);
  });

  it('gathers the routine versions in force with their items, oldest first', async () => {
    const report = await getProgressReportData(actor('admin@demo.test'), patientId(), TODAY);
    expect(report!.physioName).toBe(actor('physio@demo.test').name);
    expect(report!.routines.length).toBeGreaterThan(0);
    const starts = report!.routines.map((r) => r.startDate);
    expect(starts).toEqual([...starts].sort());
    expect(report!.routines.every((r) => r.items.length > 0 && r.startDate <= TODAY)).toBe(true);
    expect(report!.routines[0]!.startDate).toBe(report!.patient.firstRoutineStart);
  });

  it('is not found for another physio, for the patient, and for an id that is not a patient', async () => {
    expect(await exportProgressPdf(actor('physio2@demo.test'), patientId(), TODAY)).toBeNull();
    expect(await exportProgressPdf(actor('patient@demo.test'), patientId(), TODAY)).toBeNull();
    expect(await getProgressReportData(actor('patient@demo.test'), patientId(), TODAY)).toBeNull();
    const admin = actor('admin@demo.test');
    expect(await exportProgressPdf(admin, actor('physio@demo.test').id, TODAY)).toBeNull();
    expect(await exportProgressPdf(admin, 'not-a-uuid', TODAY)).toBeNull();
  });

  it('records each export in the audit log, and nothing for a refused one', async () => {
    const events = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.progress_pdf'));
    const byActor = (email: string) => events.filter((e) => e.actorId === actor(email).id);
    for (const email of ['physio@demo.test', 'admin@demo.test']) {
      expect(byActor(email).length).toBeGreaterThan(0);
      expect(byActor(email).every((e) => e.targetType === 'patient')).toBe(true);
      expect(byActor(email).every((e) => e.targetId === patientId())).toBe(true);
    }
    expect(byActor('physio2@demo.test')).toHaveLength(0);
    expect(byActor('patient@demo.test')).toHaveLength(0);

    // No clinical content in the entry.
    const [entry] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'export.progress_pdf'),
          eq(auditEvents.actorId, actor('physio@demo.test').id),
        ),
      );
    expect(entry!.details).toEqual({});
  });
});
