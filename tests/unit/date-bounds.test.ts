import { describe, expect, it } from 'vitest';
import { auditDateInput, auditFiltersSchema } from '@/lib/audit-filters';
import {
  calendarDate,
  dateMessages,
  isDateInRange,
  optionalCalendarDate,
  optionalDateOfBirth,
} from '@/lib/validation/dates';
import { addPatientSchema } from '@/lib/validation/patient';
import { reportFiltersSchema } from '@/lib/validation/report-filters';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('the dates Adhere accepts', () => {
  const date = calendarDate(dateMessages('The day'));

  it('are calendar dates from 1900-01-01 to 2100-12-31, both included', () => {
    expect(date.parse(' 1900-01-01 ')).toBe('1900-01-01');
    expect(date.parse('2100-12-31')).toBe('2100-12-31');
    expect(isDateInRange('2026-11-25')).toBe(true);
    for (const outside of ['1899-12-31', '2101-01-01', '9999-12-31', '0001-01-01']) {
      expect(messages(date.safeParse(outside))).toEqual([
        'The day must be between 1900-01-01 and 2100-12-31.',
      ]);
    }
  });

  it('say when a value is not a date at all, once', () => {
    for (const value of ['2026-02-30', '+10000-01-01', '25/11/2026', '', 42, null]) {
      expect(messages(date.safeParse(value))).toEqual(['The day must be a date as YYYY-MM-DD.']);
    }
  });

  it('may be left empty where a date is optional', () => {
    const optional = optionalCalendarDate(dateMessages('from'));
    expect(optional.parse(undefined)).toBeUndefined();
    expect(optional.parse('  ')).toBeUndefined();
    expect(optional.parse('2026-11-25')).toBe('2026-11-25');
    expect(messages(optional.safeParse('9999-12-31'))).toEqual([
      'from must be between 1900-01-01 and 2100-12-31.',
    ]);
  });

  it('bound a date of birth by 1900 and by today, which moves with the calendar', () => {
    let today = '2026-11-25';
    const dob = optionalDateOfBirth(() => today);
    expect(dob.parse('')).toBeNull();
    expect(dob.parse('2026-11-25')).toBe('2026-11-25');
    expect(messages(dob.safeParse('2026-11-26'))).toEqual([
      'The date of birth cannot be in the future.',
    ]);
    today = '2026-11-26';
    expect(dob.parse('2026-11-26')).toBe('2026-11-26');
    expect(messages(dob.safeParse('1899-12-31'))).toEqual([
      'The date of birth is too far in the past.',
    ]);
    expect(messages(dob.safeParse('9999-99-99'))).toEqual([
      'Enter the date of birth as a date, e.g. 1980-04-23.',
    ]);
  });

  it('are used by the add-patient form, the weekly export and the audit log', () => {
    const patient = { name: 'Ann', email: 'ann@example.org', condition: '', goal: '' };
    expect(messages(addPatientSchema.safeParse({ ...patient, dateOfBirth: '9999-12-31' }))).toEqual(
      ['The date of birth cannot be in the future.'],
    );
    expect(messages(reportFiltersSchema.safeParse({ to: '9999-12-31' }))).toEqual([
      'to must be between 1900-01-01 and 2100-12-31.',
    ]);
    // The audit log still shows (without the unusable date) and says why next to the field.
    expect(auditFiltersSchema.parse({ from: '2026-11-01', to: '9999-12-31' })).toEqual({
      from: '2026-11-01',
      page: 1,
    });
    expect(auditDateInput({ from: '2026-11-01', to: '9999-12-31' })).toEqual({
      typed: { from: '2026-11-01', to: '9999-12-31' },
      errors: { to: 'To must be between 1900-01-01 and 2100-12-31.' },
    });
    expect(auditDateInput({ from: ['2026-11-01', '2026-11-02'] })).toEqual({
      typed: {},
      errors: { from: 'From must be a date as YYYY-MM-DD.' },
    });
    expect(auditDateInput({})).toEqual({ typed: {}, errors: {} });
  });
});
