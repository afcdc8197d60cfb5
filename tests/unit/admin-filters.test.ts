import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  auditActorWithoutAccount,
  auditFiltersSchema,
  auditPageHref,
  auditTimeRange,
  formatAuditDetails,
  formatAuditTime,
  pageWindow,
} from '@/lib/audit-filters';
import {
  accountListFiltersSchema,
  newAccountSchema,
  reassignPatientSchema,
} from '@/lib/validation/account';

const PHYSIO_ID = '3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f';

const issues = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('new accounts', () => {
  it('takes a physio with a name and a normalised email', () => {
    expect(
      newAccountSchema.parse({
        role: 'physio',
        name: '  Tom Okafor ',
        email: ' Tom@Clinic.TEST ',
        physioId: 'ignored',
      }),
    ).toEqual({ role: 'physio', name: 'Tom Okafor', email: 'tom@clinic.test' });
  });

  it('takes a patient with the physio’s Add-patient fields and a physio', () => {
    expect(
      newAccountSchema.parse({
        role: 'patient',
        name: 'Nell',
        email: 'nell@example.org',
        physioId: PHYSIO_ID,
        dateOfBirth: '',
        condition: '',
        goal: ' Walk to work ',
      }),
    ).toEqual({
      role: 'patient',
      name: 'Nell',
      email: 'nell@example.org',
      physioId: PHYSIO_ID,
      dateOfBirth: null,
      condition: '',
      goal: 'Walk to work',
    });
  });

  it('explains each bad field under the field', () => {
    expect(
      issues(
        newAccountSchema.safeParse({ role: 'patient', name: '', email: 'nope', physioId: '' }),
      ),
    ).toEqual([
      ['name', 'Enter the patient’s name.'],
      ['email', 'Enter an email address like name@example.com.'],
      ['physioId', 'Choose the physiotherapist who will look after this patient.'],
    ]);
    expect(issues(newAccountSchema.safeParse({ role: 'physio', name: '', email: '' }))).toEqual([
      ['name', 'Enter the physiotherapist’s name.'],
      ['email', 'Enter an email address.'],
    ]);
    expect(
      issues(newAccountSchema.safeParse({ role: 'admin', name: 'A', email: 'a@b.co' })),
    ).toEqual([['role', 'Choose whether the account is for a physiotherapist or a patient.']]);
    expect(
      issues(
        newAccountSchema.safeParse({
          role: 'patient',
          name: 'N',
          email: 'n@b.co',
          physioId: PHYSIO_ID,
          dateOfBirth: '2999-01-01',
        }),
      ),
    ).toEqual([['dateOfBirth', 'The date of birth cannot be in the future.']]);
  });

  it('needs both ids to reassign a patient', () => {
    expect(issues(reassignPatientSchema.safeParse({ patientId: PHYSIO_ID, physioId: '' }))).toEqual(
      [['physioId', 'Choose the physiotherapist who takes over.']],
    );
  });
});

describe('the account list filters', () => {
  it('keeps good values and drops bad ones', () => {
    expect(
      accountListFiltersSchema.parse({
        search: ' ann ',
        role: 'patient',
        status: 'deactivated',
        physio: PHYSIO_ID,
      }),
    ).toEqual({ search: 'ann', role: 'patient', status: 'deactivated', physio: PHYSIO_ID });
    expect(
      accountListFiltersSchema.parse({ search: '', role: 'boss', status: 'x', physio: '42' }),
    ).toEqual({});
  });
});

describe('the audit log filters', () => {
  it('has words for every action', () => {
    expect(AUDIT_ACTIONS).toHaveLength(Object.keys(AUDIT_ACTION_LABELS).length);
    expect(AUDIT_ACTIONS).toContain('patient.assigned');
    expect(AUDIT_ACTIONS).toContain('export.weekly_csv');
    expect(auditActionLabel('patient.assigned')).toBe('Patient assigned to a physio');
    expect(auditActionLabel('something.old')).toBe('something.old');
    expect(auditActionLabel('toString')).toBe('toString');
  });

  it('reads the URL forgivingly: bad values fall back to no filter and page 1', () => {
    expect(auditFiltersSchema.parse({})).toEqual({ page: 1 });
    expect(
      auditFiltersSchema.parse({
        who: '  morgan ',
        action: 'account.created',
        from: '2026-11-01',
        to: '2026-11-30',
        page: '3',
      }),
    ).toEqual({
      who: 'morgan',
      action: 'account.created',
      from: '2026-11-01',
      to: '2026-11-30',
      page: 3,
    });
    expect(
      auditFiltersSchema.parse({
        who: '',
        action: 'constructor',
        from: '2026-02-30',
        to: 'yesterday',
        page: '-1',
      }),
    ).toEqual({ page: 1 });
    expect(auditFiltersSchema.parse({ page: ['2', '3'] })).toEqual({ page: 1 });
    expect(auditFiltersSchema.parse({ page: '1.5' })).toEqual({ page: 1 });
  });

  it('turns dates into UTC instants, the whole of both days included', () => {
    expect(auditTimeRange({ from: '2026-11-01', to: '2026-11-30' })).toEqual({
      since: new Date('2026-11-01T00:00:00Z'),
      before: new Date('2026-12-01T00:00:00Z'),
    });
    expect(auditTimeRange({})).toEqual({ since: undefined, before: undefined });
  });

  it('links to other pages with the same filters', () => {
    const filters = { who: 'a b', action: 'auth.sign_in' as const, from: '2026-11-01' };
    expect(auditPageHref(filters, 1)).toBe(
      '/admin/audit?who=a+b&action=auth.sign_in&from=2026-11-01',
    );
    expect(auditPageHref(filters, 4)).toBe(
      '/admin/audit?who=a+b&action=auth.sign_in&from=2026-11-01&page=4',
    );
    expect(auditPageHref({}, 1)).toBe('/admin/audit');
  });

  it('shows the first, the last and the pages around the current one', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageWindow(1, 10)).toEqual([1, 2, 3, null, 10]);
    expect(pageWindow(6, 12)).toEqual([1, null, 4, 5, 6, 7, 8, null, 12]);
    expect(pageWindow(12, 12)).toEqual([1, null, 10, 11, 12]);
  });

  it('writes times in UTC to the second, and details as JSON', () => {
    expect(formatAuditTime(new Date('2026-11-25T09:03:07.456+01:00'))).toBe(
      '2026-11-25 08:03:07 UTC',
    );
    expect(formatAuditDetails({})).toBeNull();
    expect(formatAuditDetails(null)).toBeNull();
    expect(formatAuditDetails({ role: 'patient', from: null })).toBe(
      '{"role":"patient","from":null}',
    );
  });
});

describe('an audit entry with no account behind it', () => {
  it('says it came from the command line when admin:create wrote it, else not signed in', () => {
    expect(auditActorWithoutAccount({ via: 'command_line', role: 'admin' })).toBe(
      'Command line (npm run admin:create)',
    );
    expect(auditActorWithoutAccount({ reason: 'expired' })).toBe('Not signed in');
    expect(auditActorWithoutAccount(null)).toBe('Not signed in');
    expect(
      auditActorWithoutAccount({ via: 'api_token', tokenId: 'x', tokenName: 'Clinic EHR' }),
    ).toBe('API token “Clinic EHR”');
  });
});
