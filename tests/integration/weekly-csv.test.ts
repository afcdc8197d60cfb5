import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { weeklyTotals } from '@/db/metrics';
import type { Actor } from '@/db/queries/actor';
import { openWeeklyCsvExport } from '@/db/queries/reports';
import { seedAll } from '@/db/seed';
import { auditEvents, patientProfiles, painReports, routines, users } from '@/db/schema';
import { toWeeklyMetrics } from '@/lib/metrics/weekly';
import { WEEKLY_CSV_HEADER } from '@/lib/validation/report-filters';
import { setupTestDatabase } from './helpers/database';

const TODAY = '2026-11-25';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('the weekly CSV export', () => {
  const db = setupTestDatabase();
  const actors: Record<string, Actor> = {};

  beforeAll(async () => {
    await seedAll(db(), { today: TODAY });
    for (const u of await db().select().from(users)) {
      actors[u.email] = { id: u.id, role: u.role, name: u.name, email: u.email, sessionId: 'test' };
    }
  });

  const actor = (email: string) => actors[email]!;

  async function exportCsv(as: Actor, filters = {}) {
    const stream = await openWeeklyCsvExport(as, filters, TODAY);
    if (!stream) return null;
    const text = await readAll(stream);
    const records: string[][] = parse(text, { relax_column_count: false });
    return { text, header: records[0], rows: records.slice(1) };
  }

  it('has exactly the metrics module’s numbers for every patient-week of the clinic', async () => {
    const csv = await exportCsv(actor('admin@demo.test'));
    expect(csv?.header).toEqual([...WEEKLY_CSV_HEADER]);
    const expected = (await weeklyTotals(db(), { scope: { clinic: true }, today: TODAY })).map(
      toWeeklyMetrics,
    );
    expect(csv!.rows).toHaveLength(expected.length);

    const byKey = new Map(csv!.rows.map((r) => [`${r[0]}|${r[4]}`, r]));
    for (const week of expected) {
      const row = byKey.get(`${week.patientId}|${week.weekStart}`);
      expect(row, `${week.patientId} ${week.weekStart}`).toBeDefined();
      expect(row!.slice(4)).toEqual([
        week.weekStart,
        String(week.prescribedSessions),
        String(week.completedSessions),
        week.adherencePct === null ? '' : String(week.adherencePct),
        week.meanPain === null ? '' : String(week.meanPain),
        String(week.painReports),
      ]);
    }
    // Numbers are never quoted; every line ends with CRLF.
    expect(csv!.text).not.toMatch(/"\d/);
    expect(csv!.text.split('\r\n').at(-1)).toBe('');
    expect(
      csv!.rows.every(
        (r) => /^\d{4}-\d{2}-\d{2}$/.test(r[4]!) && new Date(`${r[4]}T00:00:00Z`).getUTCDay() === 1,
      ),
    ).toBe(true);
  });

  it('keeps awkward names intact and neutralises spreadsheet formulas', async () => {
    const physio = actor('physio@demo.test');
    const names = [
      'Smith, "Jo"\nJunior',
      '=HYPERLINK("http://evil.example","click")',
      '+44 caller',
      '@sum',
    ];
    for (const [i, name] of names.entries()) {
      const [u] = await db()
        .insert(users)
        .values({ email: `awkward${i}@clinic.test`, name, role: 'patient' })
        .returning();
      await db().insert(patientProfiles).values({ userId: u!.id, physioId: physio.id });
      await db()
        .insert(routines)
        .values({ patientId: u!.id, createdBy: physio.id, title: 'P', startDate: '2026-11-16' });
      await db()
        .insert(painReports)
        .values({
          patientId: u!.id,
          reportedOn: '2026-11-17',
          score: 3,
          idempotencyKey: `awkward-${i}-key`,
        });
    }
    const csv = await exportCsv(physio);
    const shown = new Set(csv!.rows.map((r) => r[1]));
    expect(shown).toContain('Smith, "Jo"\nJunior');
    expect(shown).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(shown).toContain("'+44 caller");
    expect(shown).toContain("'@sum");
    expect([...shown].some((n) => /^[=+\-@]/.test(n!))).toBe(false);
  });

  it('filters by physio and by whole weeks of a date range', async () => {
    const physio2 = actor('physio2@demo.test');
    const csv = await exportCsv(actor('admin@demo.test'), {
      physio: physio2.id,
      from: '2026-11-04',
      to: '2026-11-10',
    });
    expect(new Set(csv!.rows.map((r) => r[3]))).toEqual(new Set([physio2.name]));
    expect(new Set(csv!.rows.map((r) => r[4]))).toEqual(new Set(['2026-11-02', '2026-11-09']));
  });

  it('lets a physio export only their own caseload and a patient nothing', async () => {
    const physio = actor('physio@demo.test');
    const own = await exportCsv(physio);
    expect(new Set(own!.rows.map((r) => r[3]))).toEqual(new Set([physio.name]));
    expect(
      await openWeeklyCsvExport(physio, { physio: actor('physio2@demo.test').id }, TODAY),
    ).toBeNull();
    expect(await openWeeklyCsvExport(actor('patient@demo.test'), {}, TODAY)).toBeNull();
  });

  it('records every export in the audit log with its filters', async () => {
    const admin = actor('admin@demo.test');
    await exportCsv(admin, { from: '2026-10-01' });
    const events = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.weekly_csv'));
    expect(
      events.some(
        (e) => e.actorId === admin.id && (e.details as { from?: string }).from === '2026-10-01',
      ),
    ).toBe(true);
  });
});
