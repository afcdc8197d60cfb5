import type { Actor } from '@/db/queries/actor';
import { getCaseloadPage } from '@/db/queries/caseload';
import { caseloadViewSchema, type CaseloadPage } from '@/lib/caseload-view';
import type { IsoDate } from '@/lib/dates';

/** A page of the caseload for the view a URL's query would give (the default view without one). */
export async function caseloadPage(
  actor: Actor,
  today: IsoDate,
  query: Record<string, string> = {},
): Promise<CaseloadPage | null> {
  return getCaseloadPage(actor, today, caseloadViewSchema.parse(query));
}

/** The first page's rows, for tests of who is on a caseload (these caseloads fit on one page). */
export async function caseloadRows(actor: Actor, today: IsoDate) {
  const page = await caseloadPage(actor, today);
  if (!page) throw new Error(`${actor.role} has no caseload`);
  return page.rows;
}
