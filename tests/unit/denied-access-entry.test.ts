import { describe, expect, it } from 'vitest';
import { deniedAuditEntry } from '@/db/queries/access-denied';

const PATIENT_ID = '3F2B8C1E-9A4D-4C6B-8E2F-1A2B3C4D5E6F';
const actor = {
  id: '11111111-1111-4111-8111-111111111111',
  role: 'physio' as const,
  name: 'Dr Beta',
  email: 'beta@clinic.test',
  sessionId: 's',
};

describe('the audit entry of a denied request', () => {
  it('names the path without its query, and the actor and address', () => {
    expect(
      deniedAuditEntry(
        actor,
        { kind: 'page', what: '/physio?search=Jane%20Doe#top', reason: 'role' },
        '203.0.113.9',
      ),
    ).toEqual({
      actorId: actor.id,
      action: 'access.denied',
      targetType: 'page',
      targetId: '/physio',
      ip: '203.0.113.9',
      details: { reason: 'role' },
    });
  });

  it('keeps only id fields holding well-formed ids, never other input', () => {
    const entry = deniedAuditEntry(
      null,
      {
        kind: 'action',
        what: 'dischargePatientAction',
        reason: 'signed_out',
        ids: {
          patientId: PATIENT_ID,
          userId: 'Jane Doe',
          note: 'Sciatica after lifting',
          name: PATIENT_ID,
          id: undefined,
        },
      },
      undefined,
    );
    expect(entry).toMatchObject({
      actorId: null,
      targetType: 'action',
      targetId: 'dischargePatientAction',
      details: { reason: 'signed_out', patientId: PATIENT_ID.toLowerCase() },
    });
    expect(Object.keys(entry.details ?? {})).toEqual(['reason', 'patientId']);
  });

  it('caps what was asked for at 200 characters', () => {
    const entry = deniedAuditEntry(
      actor,
      { kind: 'route', what: `/api/${'x'.repeat(500)}`, reason: 'not_found' },
      undefined,
    );
    expect(entry.targetId).toHaveLength(200);
  });
});
