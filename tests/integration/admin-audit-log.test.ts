import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/db/queries/accounts';
import { createApiToken, resolveApiToken } from '@/db/queries/api-tokens';
import type { Actor } from '@/db/queries/actor';
import type { AuditAction } from '@/db/queries/audit';
import { listAuditEvents } from '@/db/queries/audit-log';
import { auditEvents } from '@/db/schema';
import { auditFiltersSchema, type AuditFilters } from '@/lib/audit-filters';
import { newAccountSchema } from '@/lib/validation/account';
import { setupTestDatabase } from './helpers/database';
import { createPatient, createUser } from './helpers/fixtures';

describe('the audit log for admins', () => {
  const db = setupTestDatabase();
  let admin: Actor;
  let physio: Actor;
  let patient: Actor;

  const at = (iso: string) => new Date(iso);
  const filters = (input: Record<string, string> = {}): AuditFilters =>
    auditFiltersSchema.parse(input);
  const list = (f: AuditFilters, pageSize = 50) => listAuditEvents(admin, f, { pageSize });
  const ids = (page: Awaited<ReturnType<typeof list>>) => page?.rows.map((r) => r.action);

  beforeAll(async () => {
    admin = await createUser(db(), {
      role: 'admin',
      name: 'Ada Auditor',
      email: 'ada@clinic.test',
    });
    physio = await createUser(db(), {
      role: 'physio',
      name: 'Phil Percent_Sign',
      email: 'phil@clinic.test',
    });
    patient = await createPatient(db(), physio, { name: 'Pat Patient' });
    const event = (
      occurredAt: string,
      actorId: string | null,
      action: AuditAction,
      extra: Partial<typeof auditEvents.$inferInsert> = {},
    ) => ({ occurredAt: at(occurredAt), actorId, action, ...extra });
    // Inserted out of order on purpose: the log sorts by time, not by insertion.
    await db()
      .insert(auditEvents)
      .values([
        event('2026-11-25T00:00:00Z', physio.id, 'auth.sign_in', {
          targetType: 'user',
          targetId: physio.id,
          ip: '203.0.113.7',
        }),
        event('2026-11-24T23:59:59Z', admin.id, 'export.weekly_csv', {
          targetType: 'report',
          details: { physio: null, from: '2026-10-01', to: null },
        }),
        event('2026-11-26T00:00:00Z', null, 'auth.sign_in_failed', {
          targetType: 'user',
          details: { reason: 'unknown_email' },
        }),
        event('2026-11-25T23:59:59.999Z', physio.id, 'patient.discharged', {
          targetType: 'patient',
          targetId: patient.id,
        }),
        event('2026-11-25T12:00:00Z', patient.id, 'access.denied', {
          targetType: 'page',
          targetId: '/admin/audit',
        }),
        event('2026-11-25T12:00:00Z', admin.id, 'patient.assigned', {
          targetType: 'patient',
          targetId: patient.id,
          details: { fromPhysioId: physio.id, toPhysioId: admin.id },
        }),
        event('2026-11-20T08:30:00Z', admin.id, 'account.deactivated', {
          targetType: 'user',
          targetId: physio.id,
        }),
      ]);
  });

  it('lists the newest entries first, with who did it and to whom', async () => {
    const page = await list(filters());
    expect(page).toMatchObject({ total: 7, page: 1, pageCount: 1 });
    expect(ids(page)).toEqual([
      'auth.sign_in_failed',
      'patient.discharged',
      // Same instant: the later entry first.
      'patient.assigned',
      'access.denied',
      'auth.sign_in',
      'export.weekly_csv',
      'account.deactivated',
    ]);
    const [failed, discharged, , denied] = page!.rows;
    expect(failed).toMatchObject({
      actorId: null,
      actorName: null,
      targetName: null,
      details: { reason: 'unknown_email' },
    });
    expect(failed!.occurredAt.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(discharged).toMatchObject({
      actorName: 'Phil Percent_Sign',
      actorEmail: 'phil@clinic.test',
      actorRole: 'physio',
      targetName: 'Pat Patient',
      targetType: 'patient',
    });
    expect(denied).toMatchObject({
      targetType: 'page',
      targetId: '/admin/audit',
      targetName: null,
    });
  });

  it('pages through the entries, keeping the order and the total', async () => {
    const all = ids(await list(filters()));
    const first = await list(filters(), 3);
    const second = await list(filters({ page: '2' }), 3);
    const third = await list(filters({ page: '3' }), 3);
    expect(first).toMatchObject({ total: 7, page: 1, pageCount: 3 });
    expect([...ids(first)!, ...ids(second)!, ...ids(third)!]).toEqual(all);
    expect(ids(third)).toHaveLength(1);
    const beyond = await list(filters({ page: '9' }), 3);
    expect(beyond).toMatchObject({ rows: [], total: 7, page: 9, pageCount: 3 });
  });

  it('filters by action', async () => {
    expect(ids(await list(filters({ action: 'patient.assigned' })))).toEqual(['patient.assigned']);
    // An unknown action in the URL is dropped rather than matching nothing.
    expect((await list(filters({ action: 'account.deleted' })))?.total).toBe(7);
  });

  it('filters by who did it, on name or email, with wildcards matched literally', async () => {
    expect(ids(await list(filters({ who: 'ada' })))).toEqual([
      'patient.assigned',
      'export.weekly_csv',
      'account.deactivated',
    ]);
    expect(ids(await list(filters({ who: 'PHIL@clinic' })))).toEqual([
      'patient.discharged',
      'auth.sign_in',
    ]);
    expect(ids(await list(filters({ who: 'Percent_' })))).toHaveLength(2);
    expect((await list(filters({ who: '%' })))?.total).toBe(0);
  });

  it('filters by UTC calendar days, both ends included', async () => {
    expect(ids(await list(filters({ from: '2026-11-25', to: '2026-11-25' })))).toEqual([
      'patient.discharged',
      'patient.assigned',
      'access.denied',
      'auth.sign_in',
    ]);
    expect(ids(await list(filters({ to: '2026-11-24' })))).toEqual([
      'export.weekly_csv',
      'account.deactivated',
    ]);
    expect(ids(await list(filters({ from: '2026-11-26' })))).toEqual(['auth.sign_in_failed']);
    expect((await list(filters({ from: '2026-11-26', to: '2026-11-25' })))?.total).toBe(0);
  });

  it('combines the filters', async () => {
    const page = await list(
      filters({ who: 'phil', action: 'auth.sign_in', from: '2026-11-25', to: '2026-11-25' }),
    );
    expect(page).toMatchObject({ total: 1, pageCount: 1 });
    expect(page!.rows[0]).toMatchObject({ ip: '203.0.113.7', targetName: 'Phil Percent_Sign' });
  });

  it('shows the account changes an admin makes, as they happen', async () => {
    const outcome = await createAccount(
      admin,
      newAccountSchema.parse({
        role: 'physio',
        name: 'Logged Physio',
        email: 'logged@clinic.test',
      }),
    );
    expect(outcome.ok).toBe(true);
    const page = await list(filters({ action: 'account.created', who: 'ada@clinic.test' }));
    expect(page?.rows).toHaveLength(1);
    expect(page!.rows[0]).toMatchObject({
      actorName: 'Ada Auditor',
      targetName: 'Logged Physio',
      details: { role: 'physio' },
    });
  });

  // Last, as it adds entries the counts above do not expect.
  it("finds what a system did with an API token by the token's name", async () => {
    const created = await createApiToken(admin, {
      name: 'Riverside EHR_sync',
      scope: 'clinic',
      lifetimeDays: 30,
    });
    if (!created.ok) throw new Error('token not created');
    const used = await resolveApiToken(created.value.secret, {
      ip: '198.51.100.4',
      path: '/fhir/R4/Patient',
    });
    expect(used.ok).toBe(true);

    const byName = await list(filters({ who: 'riverside' }));
    expect(byName?.rows).toHaveLength(1);
    expect(byName!.rows[0]).toMatchObject({
      action: 'api_token.used',
      actorId: null,
      actorName: null,
      details: { via: 'api_token', tokenName: 'Riverside EHR_sync' },
    });
    // The token's name, not its creator's: the admin who made it finds only what they did.
    const byCreator = await list(filters({ who: 'Ada Auditor' }));
    expect(byCreator?.rows.map((r) => r.action)).toContain('api_token.created');
    expect(byCreator?.rows.map((r) => r.action)).not.toContain('api_token.used');
    // Wildcards stay literal here too, and other details are not searched.
    expect((await list(filters({ who: 'EHR_sync' })))?.total).toBe(1);
    expect((await list(filters({ who: 'EHR%sync' })))?.total).toBe(0);
    expect((await list(filters({ who: '/fhir/R4' })))?.total).toBe(0);
  });
});
