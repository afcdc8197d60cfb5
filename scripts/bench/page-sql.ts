/**
 * What each benchmarked page asks of the data layer, in one place: the same db/queries functions
 * the page and its layout call, in the same order (sequential where the page awaits, parallel
 * where it uses Promise.all). The floors replay the SQL these functions send, so the floor follows
 * the page when its queries change — but only if this file follows the page. When a page's data
 * fetching changes (app/physio/(caseload)/page.tsx, app/physio/patients/[id]/page.tsx, the
 * session lookup in app/(auth)/session.ts), change the matching entry here. The record page's
 * reads are its own module (app/physio/patients/[id]/record-reads.ts), called here as there.
 *
 * Imports server-only modules: run under `tsx --conditions=react-server` (capture.ts is).
 */
import type { Actor } from '@/db/queries/actor';
import { resolveSession } from '@/db/queries/auth';
import { getCaseloadPage } from '@/db/queries/caseload';
import { readRecordTop, recordSections } from '@/app/physio/patients/[id]/record-reads';
import { caseloadViewSchema } from '@/lib/caseload-view';
import type { IsoDate } from '@/lib/dates';

export interface PageContext {
  session: { userId: string; sessionId: string; sessionVersion: number };
  recordPatientId: string;
  today: IsoDate;
}

/** getCurrentUser (memoised per request, so once for the layout and the page together). */
async function signedIn(context: PageContext): Promise<Actor> {
  const actor = await resolveSession(context.session);
  if (!actor) throw new Error('the physio session used for the capture is not valid');
  return actor;
}

export const PAGE_SQL = {
  /** /physio: the caseload of the physio's patients (default view, first page). */
  caseload: async (context: PageContext) => {
    const actor = await signedIn(context);
    await getCaseloadPage(actor, context.today, caseloadViewSchema.parse({}));
  },
  /** /physio/patients/[id]: one patient's record, first page of pain reports. */
  record: async (context: PageContext) => {
    const actor = await signedIn(context);
    const today = context.today;
    // The top waits on its reads; then the sections below it are read in parallel.
    const top = await readRecordTop(actor, context.recordPatientId, today);
    if (!top) throw new Error('the record patient used for the capture is not the physio’s');
    const { patient } = top;
    await Promise.all([
      recordSections.progress(patient, today),
      recordSections.outcomes(patient, today),
      recordSections.pain(patient, 1),
      recordSections.completions(patient, today),
      recordSections.history(patient),
    ]);
  },
} satisfies Record<string, (context: PageContext) => Promise<void>>;

export type PageName = keyof typeof PAGE_SQL;
