import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInResult } from '@/db/queries/auth';
import { SIGN_IN_UNAVAILABLE_CODE, parseThrottledErrorCode } from '@/lib/sign-in-throttle';

// The data layer's answer, chosen per test: next-auth's authorize is what turns it into what the
// sign-in form receives.
const answer = vi.hoisted(() => ({
  next: (): Promise<SignInResult> => Promise.resolve({ ok: false, reason: 'refused' }),
  ip: '' as string,
}));
vi.mock('@/db/queries/auth', () => ({
  signInWithPassword: (input: { ip: string }) => {
    answer.ip = input.ip;
    return answer.next();
  },
  endSession: async () => undefined,
}));

type Authorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<unknown>;

let authorize: Authorize;

beforeAll(async () => {
  vi.stubEnv('NEXTAUTH_SECRET', 'unit-test-secret-0123456789abcdefghij');
  const { authOptions } = await import('@/app/(auth)/auth');
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  authorize = provider.options.authorize;
});

const credentials = { email: 'someone@clinic.test', password: 'a password typed in' };
const request = {
  headers: { 'x-adhere-peer-address': '::ffff:192.0.2.10', 'x-forwarded-for': '6.6.6.6' },
};

describe('the credentials provider', () => {
  beforeEach(() => {
    answer.ip = '';
  });

  it('passes the socket address, never a forged X-Forwarded-For, to the data layer', async () => {
    answer.next = () => Promise.resolve({ ok: false, reason: 'refused' });
    expect(await authorize(credentials, request)).toBeNull();
    expect(answer.ip).toBe('192.0.2.10');
  });

  it('turns a throttled attempt into the code the sign-in form shows as "try again in N seconds"', async () => {
    answer.next = () => Promise.resolve({ ok: false, reason: 'throttled', retryAfterSeconds: 6 });
    const thrown = await authorize(credentials, request).catch((error: Error) => error);
    expect(thrown).toBeInstanceOf(Error);
    expect(parseThrottledErrorCode((thrown as Error).message)).toBe(6);
  });

  it('never lets an internal error message reach the browser', async () => {
    answer.next = () =>
      Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password authentication'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const thrown = await authorize(credentials, request).catch((error: Error) => error);
    expect((thrown as Error).message).toBe(SIGN_IN_UNAVAILABLE_CODE);
  });
});
