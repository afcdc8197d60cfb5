import { afterEach, describe, expect, it, vi } from 'vitest';
import { signOutTo } from '@/components/auth/sign-out';

/*
 * The sign-out button talks to next-auth's own endpoints the way next-auth/react did: the CSRF
 * token first, then a form POST that next-auth checks against its cookie, then its answer's page.
 */

function stubBrowser(responses: Record<string, Response>) {
  const fetch = vi.fn(async (url: string, _init?: RequestInit) => {
    const response = responses[url];
    if (!response) throw new TypeError('Failed to fetch');
    return response;
  });
  const assign = vi.fn();
  vi.stubGlobal('fetch', fetch);
  vi.stubGlobal('window', { location: { assign } });
  return { fetch, assign };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('signOutTo', () => {
  it("posts next-auth's CSRF token to its sign-out endpoint and goes where it answers", async () => {
    const { fetch, assign } = stubBrowser({
      '/api/auth/csrf': Response.json({ csrfToken: 'token-1' }),
      '/api/auth/signout': Response.json({ url: 'http://clinic.test/login?signedOut=1' }),
    });
    await signOutTo('/login?signedOut=1');

    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/api/auth/csrf', '/api/auth/signout']);
    const init = fetch.mock.calls[1]![1]!;
    expect(init.method).toBe('POST');
    expect(Object.fromEntries(init.body as URLSearchParams)).toEqual({
      csrfToken: 'token-1',
      callbackUrl: '/login?signedOut=1',
      json: 'true',
    });
    expect(assign).toHaveBeenCalledWith('http://clinic.test/login?signedOut=1');
  });

  it('throws and stays on the page when next-auth cannot be reached or refuses', async () => {
    const offline = stubBrowser({});
    await expect(signOutTo('/login?signedOut=1')).rejects.toThrow();
    expect(offline.fetch).toHaveBeenCalledTimes(1);
    expect(offline.assign).not.toHaveBeenCalled();

    const refused = stubBrowser({
      '/api/auth/csrf': Response.json({ csrfToken: 'token-1' }),
      '/api/auth/signout': new Response('', { status: 500 }),
    });
    await expect(signOutTo('/login?signedOut=1')).rejects.toThrow('signout 500');
    expect(refused.assign).not.toHaveBeenCalled();
  });
});
