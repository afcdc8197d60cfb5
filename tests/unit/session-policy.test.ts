import { describe, expect, it } from 'vitest';
import { isSessionExpired } from '@/lib/session-policy';

const at = (iso: string) => new Date(iso);
const minutes = (n: number) => n * 60_000;

describe('isSessionExpired', () => {
  const start = at('2026-11-02T08:00:00Z');

  it('ends a staff session after 30 idle minutes', () => {
    const lastSeenAt = new Date(start.getTime() + minutes(60));
    const session = { createdAt: start, lastSeenAt, role: 'physio' as const };
    expect(isSessionExpired(session, new Date(lastSeenAt.getTime() + minutes(29)))).toBe(false);
    expect(isSessionExpired(session, new Date(lastSeenAt.getTime() + minutes(31)))).toBe(true);
    expect(
      isSessionExpired({ ...session, role: 'admin' }, new Date(lastSeenAt.getTime() + minutes(31))),
    ).toBe(true);
  });

  it("keeps an idle patient's session within its absolute lifetime", () => {
    const session = { createdAt: start, lastSeenAt: start, role: 'patient' as const };
    expect(isSessionExpired(session, new Date(start.getTime() + minutes(180)))).toBe(false);
  });

  it('ends every session 12 hours after sign-in, however active', () => {
    const now = new Date(start.getTime() + minutes(12 * 60 + 1));
    const lastSeenAt = new Date(now.getTime() - 1000);
    for (const role of ['admin', 'physio', 'patient'] as const) {
      expect(isSessionExpired({ createdAt: start, lastSeenAt, role }, now)).toBe(true);
    }
  });
});
