import { afterEach, describe, expect, it, vi } from 'vitest';

const secret = 'x'.repeat(40);

/** lib/env reads the environment once per process, so each case loads the modules afresh. */
async function loadWith(variables: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  return import('@/lib/public-url');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('links handed to people', () => {
  it('are built from NEXTAUTH_URL', async () => {
    const { publicUrl, setPasswordLink } = await loadWith({
      NEXTAUTH_URL: 'https://adhere.riverside.example',
      NEXTAUTH_SECRET: secret,
    });
    expect(setPasswordLink('abc_DEF-123')).toBe(
      'https://adhere.riverside.example/set-password/abc_DEF-123',
    );
    expect(publicUrl('/login')).toBe('https://adhere.riverside.example/login');
  });

  it('are http://localhost:3000 in development when NEXTAUTH_URL is unset', async () => {
    const { setPasswordLink } = await loadWith({
      NODE_ENV: 'development',
      NEXTAUTH_URL: '',
      NEXTAUTH_SECRET: secret,
    });
    expect(setPasswordLink('t0ken')).toBe('http://localhost:3000/set-password/t0ken');
  });

  it('say whether session cookies must be Secure', async () => {
    const https = await loadWith({ NEXTAUTH_URL: 'https://a.example', NEXTAUTH_SECRET: secret });
    expect(https.servedOverHttps()).toBe(true);
    const http = await loadWith({ NEXTAUTH_URL: 'http://localhost:3000', NEXTAUTH_SECRET: secret });
    expect(http.servedOverHttps()).toBe(false);
  });
});
