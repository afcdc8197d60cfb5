import { NextResponse, type NextRequest } from 'next/server';

// Only a convenience: it sends visitors without a session cookie to sign-in and tells pages which
// path was asked for. It is never the gate; every page, action and route handler checks the
// session against the database itself (see app/(auth)/session.ts).

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession) {
    const login = new URL('/login', request.url);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set('x-adhere-path', `${pathname}${search}`);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  matcher: ['/admin/:path*', '/physio/:path*', '/patient/:path*'],
};
