import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { assignMeasure } from '@/db/queries/outcome-measures';
import { saveOwnResponse } from '@/db/queries/outcome-responses';
import { openOutcomesCsvExport } from '@/db/queries/reports';
import { auditEvents, outcomeResponses, routines } from '@/db/schema';
import type { Answers } from '@/lib/outcome-measures/answers';
import { OUTCOMES_CSV_HEADER } from '@/lib/reports/outcomes-csv';
import { setupTestDatabase } from './helpers/database';
import { callRoute } from './helpers/endpoints';
import { createPatient, createUser, PASSWORD } from './helpers/fixtures';
import { signIn } from './helpers/identities';

vi.mock('next/headers', async (original) =>
  (await import('./helpers/next-runtime')).mockHeaders(await original()),
);
vi.mock('next/navigation', async (original) =>
  (await import('./helpers/next-runtime')).mockNavigation(await original()),
);
vi.mock('next/cache', async (original) =>
  (await import('./helpers/next-runtime')).mockCache(await original()),
);
vi.mock('@/app/(auth)/session-claims', async (original) =>
  (await import('./helpers/next-runtime')).mockSessionClaims(await original()),
);

/*
 * The outcomes CSV (issue 17, "Reports"): one row per completed questionnaire with the stored
 * score, subscales and group, spreadsheet formulas neutralised, for admins only, audited.
 */

const TODAY = '2026-11-25';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

describe('the outcomes CSV export', () => {
  const db = setupTestDatabase();
  let admin: Actor;
  let physio: Actor;
  let patient: Actor;
  let other: Actor;

  async function answer(who: Actor, instrumentId: string, answers: Answers) {
    const assigned = await assignMeasure(
      physio,
      { patientId: who.id, instrumentId, schedule: 'once' },
      TODAY,
    );
    expect(assigned).toMatchObject({ ok: true });
    const saved = await saveOwnResponse(
      who,
      { idempotencyKey: randomUUID(), instrumentId, answers },
      TODAY,
    );
    expect(saved, instrumentId).toMatchObject({ ok: true });
  }

  beforeAll(async () => {
    admin = await createUser(db(), { role: 'admin' });
    physio = await createUser(db(), { role: 'physio', name: 'Pat Physio' });
    patient = await createPatient(db(), physio, { name: FORMULA_NAME });
    other = await createPatient(db(), physio, { name: 'Olive, "O" Other' });
    for (const who of [patient, other]) {
      await db().insert(routines).values({
        patientId: who.id,
        createdBy: physio.id,
        title: 'Back',
        startDate: '2026-11-01',
      });
    }
    await answer(patient, 'start-back', {
      ...Object.fromEntries([0, 0, 0, 0, 1, 1, 1, 1].map((option, i) => [`q${i + 1}`, { option }])),
      q9: { option: 3 },
    });
    await answer(other, 'psfs', {
      activity1: { rating: 3, activity: 'Lifting' },
      activity2: { rating: 4, activity: 'Gardening' },
    });
  });

  async function exportCsv(as: Actor) {
    const stream = await openOutcomesCsvExport(as);
    if (!stream) return null;
    const text = await new Response(stream).text();
    const records: string[][] = parse(text, { relax_column_count: false });
    return { text, header: records[0], rows: records.slice(1) };
  }

  it('has one row per completed questionnaire with its stored score, subscales and group', async () => {
    const csv = await exportCsv(admin);
    expect(csv!.header).toEqual([...OUTCOMES_CSV_HEADER]);
    const stored = await db().select().from(outcomeResponses);
    expect(csv!.rows).toHaveLength(stored.length);
    const byPatient = new Map(csv!.rows.map((row) => [row[0], row]));
    expect(byPatient.get(patient.id)!.slice(3)).toEqual([
      'Pat Physio',
      'start-back',
      'Keele STarT Back Screening Tool',
      '1',
      TODAY,
      '5',
      'psychosocial=5',
      'High risk',
    ]);
    const psfs = byPatient.get(other.id)!;
    expect(psfs[1]).toBe('Olive, "O" Other');
    expect(psfs.slice(4, 9)).toEqual(['psfs', psfs[5], '1', TODAY, '3.5']);
    expect(psfs[10]).toBe('');
    for (const row of stored) {
      expect(Number(byPatient.get(row.patientId)![8])).toBe(row.score);
    }
  });

  it('neutralises spreadsheet formulas in names', async () => {
    const csv = await exportCsv(admin);
    expect(csv!.rows.find((row) => row[0] === patient.id)![1]).toBe(`'${FORMULA_NAME}`);
    expect(csv!.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('is audited, and refused to anyone but an admin', async () => {
    const before = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.outcomes_csv'));
    expect(await exportCsv(physio)).toBeNull();
    expect(await exportCsv(patient)).toBeNull();
    await exportCsv(admin);
    const after = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'export.outcomes_csv'));
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)).toMatchObject({ actorId: admin.id, targetType: 'report' });
  });

  it('answers over HTTP: the file for an admin, 404 for a physio, 400 for a filter', async () => {
    const { GET } = await import('@/app/api/reports/outcomes.csv/route');
    const call = async (who: Actor, query = '') =>
      callRoute(
        await signIn(who.role, who, PASSWORD),
        GET as never,
        new NextRequest(`http://adhere.test/api/reports/outcomes.csv${query}`),
      );
    const file = await call(admin);
    expect(file.status).toBe(200);
    expect(file.text.trim().split('\r\n')[0]).toBe(OUTCOMES_CSV_HEADER.join(','));
    expect((await call(physio)).status).toBe(404);
    expect((await call(patient)).status).toBe(404);
    const filtered = await call(admin, '?physio=x');
    expect(filtered.status).toBe(400);
    expect(filtered.text).toMatch(/takes no filters/);
  });
});
