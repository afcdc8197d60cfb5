import { parse } from 'csv-parse/sync';
import { sql, type SQL } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ExportsModule from '@/db/exports';
import type { Actor } from '@/db/queries/actor';
import { exercises, routineItems, routines } from '@/db/schema';
import { clinicToday } from '@/lib/clinic-today';
import { addDays } from '@/lib/dates';
import type * as ProgressPdfModule from '@/lib/reports/progress-pdf';
import { WEEKLY_CSV_HEADER } from '@/lib/validation/report-filters';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';
import { simulateRequest } from './helpers/next-request';

const faults = vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET ??= 'integration-tests-only-secret-0123456789abcdef';
  return { csvQuery: undefined as (() => SQL) | undefined, pdfFails: false };
});
vi.mock(
  '@/app/(auth)/session-claims',
  async () => (await import('./helpers/next-request')).sessionClaimsModule,
);
vi.mock('next/headers', async () => (await import('./helpers/next-request')).nextHeadersModule);
vi.mock('next/cache', async () => (await import('./helpers/next-request')).nextCacheModule);
// Stand-ins for a query or a renderer failing on the server (a lost connection, a bug): the
// export's own code runs unchanged around them.
vi.mock('@/db/exports', async (importOriginal) => {
  const original = await importOriginal<typeof ExportsModule>();
  return {
    ...original,
    weeklyExportQuery: (options: Parameters<typeof original.weeklyExportQuery>[0]) =>
      faults.csvQuery?.() ?? original.weeklyExportQuery(options),
  };
});
vi.mock('@/lib/reports/progress-pdf', async (importOriginal) => {
  const original = await importOriginal<typeof ProgressPdfModule>();
  return {
    ...original,
    renderProgressPdf: async (report: Parameters<typeof original.renderProgressPdf>[0]) => {
      if (faults.pdfFails) throw new Error('the PDF renderer failed');
      return original.renderProgressPdf(report);
    },
  };
});

const { GET: weeklyCsv } = await import('@/app/api/reports/weekly.csv/route');
const { GET: progressPdf } = await import('@/app/api/reports/patients/[id]/progress.pdf/route');
const { default: AuditLogPage } = await import('@/app/admin/audit/page');

describe('Security finding 06: extreme dates are refused up front; an export fails with a status', () => {
  const db = setupTestDatabase();
  let admin: Actor;
  let physio: Actor;
  let patient: Actor;

  beforeAll(async () => {
    admin = await createUser(db(), { role: 'admin' });
    physio = await createUser(db(), { role: 'physio' });
    patient = await createPatient(db(), physio);
    const [exercise] = await db()
      .insert(exercises)
      .values({
        name: 'Pelvic tilt',
        bodyRegion: 'lower_back',
        instructions: '1. Lie on your back.',
        defaultSets: 2,
        defaultReps: 10,
        authorId: physio.id,
      })
      .returning();
    const [routine] = await db()
      .insert(routines)
      .values({
        patientId: patient.id,
        createdBy: physio.id,
        title: 'Programme',
        startDate: addDays(clinicToday(), -20),
      })
      .returning();
    await db()
      .insert(routineItems)
      .values({ routineId: routine!.id, exerciseId: exercise!.id, position: 0, sets: 2, reps: 10 });
  });

  async function csv(query: string) {
    await simulateRequest(db(), admin);
    const response = await weeklyCsv(
      new NextRequest(`http://adhere.test/api/reports/weekly.csv${query}`),
    );
    return { status: response.status, type: response.headers.get('content-type'), response };
  }

  it.each([
    ['?to=9999-12-31', 'to must be between 1900-01-01 and 2100-12-31.'],
    ['?from=0001-01-01', 'from must be between 1900-01-01 and 2100-12-31.'],
    ['?from=1899-12-31&to=2026-01-01', 'from must be between 1900-01-01 and 2100-12-31.'],
    ['?to=2101-01-01', 'to must be between 1900-01-01 and 2100-12-31.'],
    ['?to=+10000-01-01', 'to must be a date as YYYY-MM-DD.'],
  ])('the weekly CSV answers %s with 400 and says which date and why', async (query, message) => {
    const { status, type, response } = await csv(query);
    expect(status).toBe(400);
    expect(type).toContain('text/plain');
    expect(await response.text()).toBe(message);
  });

  it('exports in full at the edges of the range', async () => {
    const { status, response } = await csv('?from=1900-01-01&to=2100-12-31');
    expect(status).toBe(200);
    const [header, ...rows] = parse(await response.text()) as string[][];
    expect(header).toEqual([...WEEKLY_CSV_HEADER]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['when the query is planned', () => sql`select 'not a date'::date as "weekStart"`],
    [
      'on the first rows',
      () => sql`select (1 / (n - n))::text as "weekStart" from generate_series(1, 3) n`,
    ],
  ])(
    'a query failing %s gets a 500 with a calm message, not a cut-off 200',
    async (_when, query) => {
      faults.csvQuery = query;
      try {
        const { status, type, response } = await csv('');
        expect(status).toBe(500);
        expect(type).toContain('text/plain');
        const body = await response.text();
        expect(body).toBe(
          'The export could not be made, so nothing was downloaded. Please try again.',
        );
      } finally {
        faults.csvQuery = undefined;
      }
      // The failed export released its connection: the next one works.
      expect((await csv('')).status).toBe(200);
    },
  );

  it('a progress report that cannot be made gets a 500, not a broken download', async () => {
    await simulateRequest(db(), physio);
    const request = () =>
      progressPdf(
        new Request(`http://adhere.test/api/reports/patients/${patient.id}/progress.pdf`),
        { params: Promise.resolve({ id: patient.id }) },
      );
    faults.pdfFails = true;
    try {
      const response = await request();
      expect(response.status).toBe(500);
      expect(await response.text()).toBe(
        'The report could not be made, so nothing was downloaded. Please try again.',
      );
    } finally {
      faults.pdfFails = false;
    }
    expect((await request()).status).toBe(200);
  });

  it('the audit log with extreme dates shows the message under each field, and the log', async () => {
    await simulateRequest(db(), admin, { path: '/admin/audit' });
    const html = renderToStaticMarkup(
      await AuditLogPage({
        searchParams: Promise.resolve({ from: '0001-01-01', to: '9999-12-31' }),
      }),
    );
    expect(html).toContain('From must be between 1900-01-01 and 2100-12-31.');
    expect(html).toContain('To must be between 1900-01-01 and 2100-12-31.');
    // What was typed stays in the fields; the log is shown unfiltered by the unusable dates.
    expect(html).toContain('value="9999-12-31"');
    expect(html).toMatch(/Entries 1–\d+ of \d+, newest first\./);
    expect(html).toContain('aria-describedby="audit-to-error"');
  });
});
