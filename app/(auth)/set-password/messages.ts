import type { LinkProblem } from '@/db/queries/set-password';

/** Why a set-password link cannot be used, in the words the page and the form both show. */
export const LINK_PROBLEM_MESSAGES = {
  expired: 'This link has expired: set-password links work for 7 days.',
  used: 'This link has already been used: each link works once.',
  unknown:
    'This link is not valid. It may have been copied incompletely, or replaced by a newer one.',
} as const;

/** A deactivated account's link reads as an unknown one: the form says nothing about accounts. */
export function linkProblemMessage(problem: LinkProblem): string {
  return LINK_PROBLEM_MESSAGES[problem === 'inactive' ? 'unknown' : problem];
}
