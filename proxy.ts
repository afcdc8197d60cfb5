import { NextResponse, type NextRequest } from 'next/server';
import { createNonce, pageContentSecurityPolicy } from './lib/security-headers';

// Runs before every page. It gives each response its Content-Security-Policy with a fresh nonce,
// sends visitors without a session cookie from the role areas to sign-in, and tells pages which
// path was asked for. It is never the gate; every page, action and route handler checks the
// session against the database itself (see app/(auth)/session.ts).

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const ROLE_AREAS = ['/admin', '/physio', '/patient'];

function inRoleArea(pathname: string): boolean {
  return ROLE_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A server action posted without a session answers for itself ("sign in again", audited as a
  // denial); redirected, its POST would reach the sign-in page and come back as an empty success.
  const isServerAction = request.method === 'POST' && request.headers.has('next-action');
  if (
    inRoleArea(pathname) &&
    !isServerAction &&
    !SESSION_COOKIES.some((name) => request.cookies.has(name))
  ) {
    const login = new URL('/login', request.url);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }

  const policy = pageContentSecurityPolicy({
    nonce: createNonce(),
    development: process.env.NODE_ENV === 'development',
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('x-adhere-path', `${pathname}${search}`);
  // Next.js reads the nonce for the scripts it renders from the request's policy, so a page can
  // only be rendered per request (app/layout.tsx makes every page so).
  forwarded.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Everything but route handlers under /api and the service worker's script (next.config.ts
  // gives them their policies) and the build's static files. Keep the exclusions in step with the
  // '/api/:path*' and '/sw.js' rules in next.config.ts.
  matcher: ['/((?!api(?:/|$)|sw\\.js$|_next/static/|_next/image(?:/|$)).*)'],
};
