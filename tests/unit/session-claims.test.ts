import { getServerSession } from 'next-auth';
import { jwtDecrypt } from 'jose';
import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';

// app/(auth)/session-claims.ts decodes the session cookie itself instead of running
// getServerSession for every request. next-auth's own getServerSession, with Adhere's options,
// is the oracle: for every cookie the two must agree on who is signed in.

const jar: { name: string; value: string }[] = [];
vi.mock('next/headers', () => ({
  cookies: async () => ({ getAll: () => jar }),
  headers: async () => new Headers(),
}));

const SECRET = 'session-claims-test-secret-0123456789abcdef';
const claims = {
  uid: '6f1c2a9e-8d3b-4c5e-9a7f-1b2c3d4e5f60',
  sid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  sv: 3,
  role: 'patient',
};

async function load(publicUrl: string) {
  vi.resetModules();
  vi.stubEnv('NEXTAUTH_URL', publicUrl);
  vi.stubEnv('NEXTAUTH_SECRET', SECRET);
  const { authOptions } = await import('@/app/(auth)/auth');
  const { readSessionClaims } = await import('@/app/(auth)/session-claims');
  return {
    ours: () => readSessionClaims(),
    // Given the request and response itself (next-auth reads next/headers with a require that
    // a test cannot reach), with the same cookies; the renewed cookie it sets is thrown away.
    nextAuth: async () => {
      const req = { headers: {}, cookies: Object.fromEntries(jar.map((c) => [c.name, c.value])) };
      const res = { getHeader: () => undefined, setCookie: () => {}, setHeader: () => {} };
      const session = await getServerSession(req as never, res as never, authOptions());
      return (session as { claims?: unknown } | null)?.claims ?? null;
    },
  };
}

const token = (payload: Record<string, unknown>, maxAge = 3600, secret = SECRET) =>
  encode({ token: payload, secret, maxAge });

function setCookies(...cookies: [string, string][]) {
  jar.length = 0;
  for (const [name, value] of cookies) jar.push({ name, value });
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  jar.length = 0;
});

const claimsOf = (decoded: unknown) => {
  if (!decoded || typeof decoded !== 'object') return decoded;
  const { uid, sid, sv, role } = decoded as Record<string, unknown>;
  return { uid, sid, sv, role };
};

describe('reading the session cookie', () => {
  it('reads a valid token as next-auth does', async () => {
    const { ours, nextAuth } = await load('http://localhost:3000');
    setCookies(['next-auth.session-token', await token(claims)]);
    expect(claimsOf(await ours())).toEqual(claims);
    expect(claimsOf(await nextAuth())).toEqual(claims);
  });

  it('over https, reads only the __Secure- cookie, as next-auth does', async () => {
    const { ours, nextAuth } = await load('https://clinic.example');
    setCookies(['next-auth.session-token', await token(claims)]);
    expect(await ours()).toBeNull();
    expect(await nextAuth()).toBeNull();
    setCookies(['__Secure-next-auth.session-token', await token(claims)]);
    expect(claimsOf(await ours())).toEqual(claims);
    expect(claimsOf(await nextAuth())).toEqual(claims);
  });

  it('puts a token split into numbered cookies back together', async () => {
    const { ours, nextAuth } = await load('http://localhost:3000');
    const whole = await token(claims);
    const cut = [whole.slice(0, 40), whole.slice(40, 90), whole.slice(90)];
    // Out of order, with ten parts' worth of numbering to catch a sort by text.
    setCookies(
      ['next-auth.session-token.10', cut[2]!],
      ['next-auth.session-token.0', cut[0]!],
      ['next-auth.session-token.2', cut[1]!],
      ['another-cookie', 'x'],
    );
    expect(claimsOf(await ours())).toEqual(claims);
    expect(claimsOf(await nextAuth())).toEqual(claims);
  });

  it('signs nobody in for no cookie, a tampered, a foreign or an expired token', async () => {
    const { ours, nextAuth } = await load('http://localhost:3000');
    // next-auth logs each token it refuses.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = await token(claims);
    const tampered = `${good.slice(0, -6)}${good.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    const cases: [string, [string, string][]][] = [
      ['none', []],
      ['tampered', [['next-auth.session-token', tampered]]],
      ['garbage', [['next-auth.session-token', 'not-a-token']]],
      [
        'another secret',
        [['next-auth.session-token', await token(claims, 3600, 'another-secret-0123456789abcdef')]],
      ],
      // Expired beyond jose's 15 s of clock tolerance.
      ['expired', [['next-auth.session-token', await token(claims, -60)]]],
    ];
    for (const [label, cookies] of cases) {
      setCookies(...cookies);
      expect({ label, claims: await ours() }).toEqual({ label, claims: null });
      expect({ label, claims: await nextAuth() }).toEqual({ label, claims: null });
    }
  });
});

describe('the session key, derived once per secret', () => {
  it('is the key next-auth derives, kept for the same secret and derived again for another', async () => {
    vi.resetModules();
    const { sessionEncryptionKey } = await import('@/app/(auth)/session-claims');
    const { default: hkdf } = await import('@panva/hkdf');
    const info = 'NextAuth.js Generated Encryption Key';
    const other = 'a-changed-secret-0123456789abcdefghij';

    const first = sessionEncryptionKey(SECRET);
    expect(first).toEqual(await hkdf('sha256', SECRET, '', info, 32));
    // The same secret is served from the cache, not derived again.
    expect(sessionEncryptionKey(SECRET)).toBe(first);

    // A changed secret gets its own key, not the one cached for the old secret: a token of the
    // new secret decrypts, one of the old secret does not.
    const changed = sessionEncryptionKey(other);
    expect(changed).toEqual(await hkdf('sha256', other, '', info, 32));
    expect(changed).not.toEqual(first);
    const { payload } = await jwtDecrypt(await token(claims, 3600, other), changed);
    expect(claimsOf(payload)).toEqual(claims);
    await expect(jwtDecrypt(await token(claims), changed)).rejects.toThrow();
  });
});
