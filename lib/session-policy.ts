import type { Role } from '@/lib/roles';

/** Absolute lifetime of any session, from sign-in. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

/** Staff sessions end after 30 idle minutes; a patient's lasts its absolute lifetime. */
export function idleTimeoutSeconds(role: Role): number {
  return role === 'patient' ? SESSION_ABSOLUTE_SECONDS : 30 * 60;
}

/** How stale last-seen may get before it is written again (saves a write per request). */
export const LAST_SEEN_REFRESH_SECONDS = 60;

export function isSessionExpired(
  session: { createdAt: Date; lastSeenAt: Date; role: Role },
  now: Date,
): boolean {
  const age = (now.getTime() - session.createdAt.getTime()) / 1000;
  const idle = (now.getTime() - session.lastSeenAt.getTime()) / 1000;
  return age > SESSION_ABSOLUTE_SECONDS || idle > idleTimeoutSeconds(session.role);
}
