import { describe, expect, it } from 'vitest';
import { apiTokenStatus } from '@/lib/api-tokens';
import { newApiTokenSchema } from '@/lib/validation/api-token';

const PHYSIO = '6f1c2a52-9d4e-4c1b-8f6a-2b7e5d9c1a30';

function messages(input: Record<string, string>) {
  const parsed = newApiTokenSchema.safeParse(input);
  return parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('a new API token, as the admin fills it in', () => {
  it('takes a clinic token and a caseload token with its physio', () => {
    expect(
      newApiTokenSchema.parse({ name: ' Clinic EHR ', scope: 'clinic', lifetimeDays: '90' }),
    ).toEqual({
      name: 'Clinic EHR',
      scope: 'clinic',
      lifetimeDays: 90,
    });
    expect(
      newApiTokenSchema.parse({
        name: 'Audit',
        scope: 'caseload',
        physioId: PHYSIO,
        lifetimeDays: '30',
      }),
    ).toMatchObject({ scope: 'caseload', physioId: PHYSIO });
  });

  it('says what is wrong, field by field', () => {
    expect(messages({ name: '', scope: 'clinic', lifetimeDays: '90' })).toEqual({
      name: expect.stringMatching(/Name the token/),
    });
    expect(messages({ name: 'EHR', scope: 'caseload', lifetimeDays: '90' })).toEqual({
      physioId: expect.stringMatching(/Choose the physiotherapist/),
    });
    for (const lifetimeDays of ['', '7', 'forever', '3650']) {
      expect(messages({ name: 'EHR', scope: 'clinic', lifetimeDays })).toEqual({
        lifetimeDays: 'Choose how long the token lasts.',
      });
    }
    expect(messages({ name: 'EHR', scope: 'everything', lifetimeDays: '90' })).toEqual({
      scope: 'Choose what the token may read.',
    });
    expect(messages({ name: 'EHR\u0007', scope: 'clinic', lifetimeDays: '90' })).toHaveProperty(
      'name',
    );
  });
});

describe('a token’s status', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('is revoked once revoked, expired from its expiry on, active before', () => {
    expect(
      apiTokenStatus({ expiresAt: new Date('2027-01-01T00:00:00Z'), revokedAt: null }, now),
    ).toBe('active');
    expect(apiTokenStatus({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(
      apiTokenStatus({ expiresAt: new Date('2027-01-01T00:00:00Z'), revokedAt: now }, now),
    ).toBe('revoked');
  });
});
