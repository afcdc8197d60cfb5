import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Actor } from '@/db/queries/actor';
import { setupTestDatabase } from './helpers/database';
import { createUser } from './helpers/fixtures';
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
// A clock that crosses midnight between any two reads: each read of today is the next day.
const reads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/clinic-today', () => ({
  clinicToday: () => `2026-03-${String(10 + ++reads.count).padStart(2, '0')}`,
}));

const { defineAction } = await import('@/app/(auth)/action');
const { idleState } = await import('@/lib/forms');

describe('defineAction reads the clinic’s today once per request', () => {
  const db = setupTestDatabase();
  let physio: Actor;

  beforeAll(async () => {
    physio = await createUser(db(), { role: 'physio' });
  });

  it('gives the schema and the handler the same day, even across midnight', async () => {
    const seen: { schema?: string; handler?: string } = {};
    const action = defineAction({
      name: 'testTodayAction',
      roles: ['physio'],
      schema: (today) => {
        seen.schema = today;
        return z.object({ day: z.string().refine((d) => d <= today, 'Not yet.') });
      },
      async handler(_actor, input, { today }) {
        seen.handler = today;
        return { status: 'success', message: `${input.day} ≤ ${today}` };
      },
    });
    await simulateRequest(db(), physio);
    reads.count = 0;
    const state = await action(idleState, formData({ day: '2026-03-11' }));
    expect(state).toEqual({ status: 'success', message: '2026-03-11 ≤ 2026-03-11' });
    expect(seen).toEqual({ schema: '2026-03-11', handler: '2026-03-11' });
    expect(reads.count).toBe(1);
  });
});
