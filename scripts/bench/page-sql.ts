/**
 * What each benchmarked page asks of the data layer, in one place: the same db/queries functions
 * the page and its layout call, in the same order (sequential where the page awaits, parallel
 * where it uses Promise.all). The floors replay the SQL these functions send, so the floor follows
 * the page when its queries change — but only if this file follows the page. When a page's data
 * fetching changes (app/physio/(caseload)/page.tsx, app/physio/patients/[id]/page.tsx, the
 * session lookup in app/(auth)/session.ts), change the matching entry here.
 *
 * Imports server-only modules: run under `tsx --conditions=react-server` (capture.ts is).
 */
import type { Actor } from '@/db/queries/actor';
import { resolveSession } from '@/db/queries/auth';
import { getCaseloadPage } from '@/db/queries/caseload';
import { getOutcomeRecord } from '@/db/queries/outcome-measures';
import { getPatientRecord, listPainReports, listRecentCompletions } from '@/db/queries/patients';
import { getPatientProgress } from '@/db/queries/progress';
import { getRoutineForEditing, listRoutineHistory } from '@/db/queries/routines';
import { caseloadViewSchema } from '@/lib/caseload-view';
import { addDays, type IsoDate } from '@/lib/dates';

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
    const id = context.recordPatientId;
    const today = context.today;
    // The top waits on two reads; the lower sections stream, each started once the top is sent.
    await Promise.all([getPatientRecord(actor, id), getRoutineForEditing(actor, id, today)]);
    await Promise.all([
      getPatientProgress(actor, id, today),
      getOutcomeRecord(actor, id, today),
      listPainReports(actor, id, { page: 1, pageSize: 10 }),
      listRecentCompletions(actor, id, { from: addDays(today, -13), to: today }),
      listRoutineHistory(actor, id),
    ]);
  },
} satisfies Record<string, (context: PageContext) => Promise<void>>;

export type PageName = keyof typeof PAGE_SQL;
