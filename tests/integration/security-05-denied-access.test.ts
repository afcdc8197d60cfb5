import { desc, eq, gt } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/db/queries/actor';
import { auditEvents, patientProfiles } from '@/db/schema';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';
import { formData, simulateRequest } from './helpers/next-request';

vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET ??= 'integration-tests-only-secret-0123456789abcdef';
});
vi.mock(
  '@/app/(auth)/session-claims',
  async () => (await import('./helpers/next-request')).sessionClaimsModule,
);
vi.mock('next/headers', async () => (await import('./helpers/next-request')).nextHeadersModule);
vi.mock('next/cache', async () => (await import('./helpers/next-request')).nextCacheModule);

const { GET: weeklyCsv } = await import('@/app/api/reports/weekly.csv/route');
const { GET: progressPdf } = await import('@/app/api/reports/patients/[id]/progress.pdf/route');
const { POST: dayLog } = await import('@/app/api/patient/day-log/route');
const { dischargePatientAction } = await import('@/app/physio/patients/actions');
const { setAccountActiveAction } = await import('@/app/admin/actions');
const { default: AuditLogPage } = await import('@/app/admin/audit/page');
const { default: PhysioPatientPage } = await import('@/app/physio/patients/[id]/page');
const { idleState } = await import('@/lib/forms');

const ADDRESS = '198.51.100.23';
const NO_ONE = '00000000-0000-4000-8000-000000000000';
// What must never reach the audit log: the patient's name, email and condition, and what a
// visitor typed into a query string.
const PATIENT_NAME = 'Priscilla Private';
const CONDITION = 'Sciatica after lifting a wardrobe';
const SEARCH = 'Secret Searchname';

describe('Security finding 05: every denied request is audited once, without clinical content', () => {
  const db = setupTestDatabase();
  let admin: Actor;
  let physioA: Actor;
  let physioB: Actor;
  let patientA: Actor;

  beforeAll(async () => {
    admin = await createUser(db(), { role: 'admin' });
    physioA = await createUser(db(), { role: 'physio', name: 'Dr Alpha' });
    physioB = await createUser(db(), { role: 'physio', name: 'Dr Beta' });
    patientA = await createPatient(db(), physioA, { name: PATIENT_NAME, condition: CONDITION });
  });

  /** Runs one request and returns the audit entries it wrote, checking none holds clinical text. */
  async function deniedBy(run: () => Promise<unknown>) {
    const [last] = await db()
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(1);
    await run().catch((error: unknown) => {
      // notFound() and redirect() end a page by throwing; anything else is a failure.
      const digest = (error as { digest?: string } | null)?.digest ?? '';
      if (!digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) throw error;
    });
    const written = await db()
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, last?.id ?? 0))
      .orderBy(auditEvents.id);
    for (const entry of written) {
      const text = JSON.stringify(entry);
      for (const secret of [PATIENT_NAME, CONDITION, patientA.email, SEARCH]) {
        expect(text).not.toContain(secret);
      }
    }
    return written;
  }

  const entry = (
    actor: Actor | null,
    targetType: 'page' | 'action' | 'route',
    targetId: string,
    details: Record<string, string>,
  ) => ({
    actorId: actor?.id ?? null,
    action: 'access.denied',
    targetType,
    targetId,
    ip: ADDRESS,
    details,
  });

  const csvRequest = (query: string) =>
    new NextRequest(`http://adhere.test/api/reports/weekly.csv${query}`);
  const pdfRequest = (id: string) =>
    progressPdf(new Request(`http://adhere.test/api/reports/patients/${id}/progress.pdf`), {
      params: Promise.resolve({ id }),
    });
  const dayLogRequest = () =>
    dayLog(
      new NextRequest('http://adhere.test/api/patient/day-log', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ note: CONDITION }),
      }),
    );

  describe('pages', () => {
    it('a wrong role: one entry naming the path, never its query', async () => {
      await simulateRequest(db(), patientA, {
        path: `/admin/audit?who=${encodeURIComponent(SEARCH)}`,
      });
      const written = await deniedBy(() =>
        AuditLogPage({ searchParams: Promise.resolve({ who: SEARCH }) }),
      );
      expect(written).toMatchObject([entry(patientA, 'page', '/admin/audit', { reason: 'role' })]);
    });

    it('another physio’s patient: one entry with the record id, as for an unknown id', async () => {
      for (const id of [patientA.id, NO_ONE]) {
        await simulateRequest(db(), physioB, { path: `/physio/patients/${id}?painPage=2` });
        const written = await deniedBy(() =>
          PhysioPatientPage({
            params: Promise.resolve({ id }),
            searchParams: Promise.resolve({ painPage: '2' }),
          }),
        );
        expect(written).toEqual([
          expect.objectContaining(
            entry(physioB, 'page', `/physio/patients/${id}`, { reason: 'not_found', id }),
          ),
        ]);
      }
    });

    it('a malformed id: one entry with the path and no id', async () => {
      await simulateRequest(db(), physioA, { path: '/physio/patients/not-an-id' });
      const written = await deniedBy(() =>
        PhysioPatientPage({
          params: Promise.resolve({ id: 'not-an-id' }),
          searchParams: Promise.resolve({}),
        }),
      );
      expect(written).toEqual([
        expect.objectContaining(
          entry(physioA, 'page', '/physio/patients/not-an-id', { reason: 'not_found' }),
        ),
      ]);
    });

    it('the record’s own physio is not denied and nothing is written', async () => {
      await simulateRequest(db(), physioA, { path: `/physio/patients/${patientA.id}` });
      const written = await deniedBy(() =>
        PhysioPatientPage({
          params: Promise.resolve({ id: patientA.id }),
          searchParams: Promise.resolve({}),
        }),
      );
      expect(written).toEqual([]);
    });
  });

  describe('server actions', () => {
    it('signed out: one entry with no actor and the address', async () => {
      await simulateRequest(db(), null);
      const written = await deniedBy(() =>
        dischargePatientAction(idleState, formData({ patientId: patientA.id })),
      );
      expect(written).toEqual([
        expect.objectContaining(
          entry(null, 'action', 'dischargePatientAction', { reason: 'signed_out' }),
        ),
      ]);
    });

    it('a wrong role: one entry, and nothing changes', async () => {
      await simulateRequest(db(), physioA);
      const written = await deniedBy(() =>
        setAccountActiveAction(idleState, formData({ userId: physioB.id, active: 'false' })),
      );
      expect(written).toEqual([
        expect.objectContaining(
          entry(physioA, 'action', 'setAccountActiveAction', { reason: 'role' }),
        ),
      ]);
    });

    it('another physio’s patient and an unknown id: one entry each with the id; nothing changes', async () => {
      for (const patientId of [patientA.id, NO_ONE]) {
        await simulateRequest(db(), physioB);
        let state: unknown;
        const written = await deniedBy(async () => {
          state = await dischargePatientAction(idleState, formData({ patientId }));
        });
        expect(state).toMatchObject({ status: 'error', message: 'That patient was not found.' });
        expect(state).not.toHaveProperty('denied');
        expect(written).toEqual([
          expect.objectContaining(
            entry(physioB, 'action', 'dischargePatientAction', { reason: 'not_found', patientId }),
          ),
        ]);
      }
      const [profile] = await db()
        .select({ dischargedOn: patientProfiles.dischargedOn })
        .from(patientProfiles)
        .where(eq(patientProfiles.userId, patientA.id));
      expect(profile?.dischargedOn).toBeNull();
    });
  });

  describe('route handlers', () => {
    it('CSV: signed out (401), a patient, and another physio’s caseload (404): one entry each, no query', async () => {
      const query = `?physio=${physioA.id}&from=2026-01-01&search=${encodeURIComponent(SEARCH)}`;
      const cases: [Actor | null, number, string][] = [
        [null, 401, 'signed_out'],
        [patientA, 404, 'not_found'],
        [physioB, 404, 'not_found'],
      ];
      for (const [actor, status, reason] of cases) {
        await simulateRequest(db(), actor);
        let response: Response | undefined;
        const written = await deniedBy(async () => {
          response = await weeklyCsv(csvRequest(query));
        });
        expect(response?.status).toBe(status);
        expect(written).toEqual([
          expect.objectContaining(entry(actor, 'route', '/api/reports/weekly.csv', { reason })),
        ]);
      }
    });

    it('PDF: signed out, a patient, another physio’s patient and an unknown id: one entry each', async () => {
      const cases: [Actor | null, string, number, Record<string, string>][] = [
        [null, patientA.id, 401, { reason: 'signed_out' }],
        [patientA, patientA.id, 404, { reason: 'not_found', id: patientA.id }],
        [physioB, patientA.id, 404, { reason: 'not_found', id: patientA.id }],
        [physioA, NO_ONE, 404, { reason: 'not_found', id: NO_ONE }],
        [admin, 'not-an-id', 404, { reason: 'not_found' }],
      ];
      for (const [actor, id, status, details] of cases) {
        await simulateRequest(db(), actor);
        let response: Response | undefined;
        const written = await deniedBy(async () => {
          response = await pdfRequest(id);
        });
        expect(response?.status).toBe(status);
        expect(written).toEqual([
          expect.objectContaining(
            entry(actor, 'route', `/api/reports/patients/${id}/progress.pdf`, details),
          ),
        ]);
      }
    });

    it('JSON day log: signed out (401) and a physio (404): one entry each', async () => {
      const cases: [Actor | null, number, string][] = [
        [null, 401, 'signed_out'],
        [physioA, 404, 'role'],
      ];
      for (const [actor, status, reason] of cases) {
        await simulateRequest(db(), actor);
        let response: Response | undefined;
        const written = await deniedBy(async () => {
          response = await dayLogRequest();
        });
        expect(response?.status).toBe(status);
        expect(written).toEqual([
          expect.objectContaining(entry(actor, 'route', '/api/patient/day-log', { reason })),
        ]);
      }
    });

    it('an allowed export writes its export entry and no denial', async () => {
      await simulateRequest(db(), physioA);
      let response: Response | undefined;
      const written = await deniedBy(async () => {
        response = await pdfRequest(patientA.id);
        await response.arrayBuffer();
      });
      expect(response?.status).toBe(200);
      expect(written.map((w) => w.action)).toEqual(['export.progress_pdf']);
    });
  });
});
