import { env } from './env';
import { mailEnabled } from './mail/settings';

/**
 * An absolute URL on this Adhere, for links handed to people (set-password links, e-mails).
 * Always built from NEXTAUTH_URL — never from the request's Host or X-Forwarded-Host, which a
 * client chooses: a forged header would otherwise put a link to another site, carrying a
 * one-time token, into an invitation. Outside production the default is http://localhost:3000.
 */
export function publicUrl(path: string): string {
  return new URL(path, env().NEXTAUTH_URL).toString();
}

/** The one-time link that lets an account holder choose a password. */
export function setPasswordLink(token: string): string {
  return publicUrl(`/set-password/${encodeURIComponent(token)}`);
}

/** A new link as a form shows it once, and where it was also e-mailed when e-mail is configured. */
export function setPasswordLinkData(
  token: string,
  email: string,
): { link: string; emailedTo?: string } {
  return { link: setPasswordLink(token), ...(mailEnabled() ? { emailedTo: email } : {}) };
}

/** Session cookies are `Secure` (and `__Secure-` named) whenever Adhere is served over https. */
export function servedOverHttps(): boolean {
  return new URL(env().NEXTAUTH_URL).protocol === 'https:';
}
