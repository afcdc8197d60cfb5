import type { Role } from '@/lib/roles';

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin',
  physio: '/physio',
  patient: '/patient',
};

/**
 * Where a user goes after signing in: back to the page they asked for when it is one of their
 * role's own pages on this site, otherwise their home. Anything else (another origin, `//host`,
 * another role's area) is ignored, so the parameter cannot be used as an open redirect.
 */
export function landingPath(role: Role, callbackUrl: string | null | undefined): string {
  const home = ROLE_HOME[role];
  if (!callbackUrl || !callbackUrl.startsWith('/') || callbackUrl.startsWith('//')) return home;
  if (callbackUrl.includes('\\')) return home;
  let url: URL;
  try {
    url = new URL(callbackUrl, 'http://adhere.invalid');
  } catch {
    return home;
  }
  if (url.origin !== 'http://adhere.invalid') return home;
  const inArea = url.pathname === home || url.pathname.startsWith(`${home}/`);
  return inArea ? `${url.pathname}${url.search}` : home;
}
