import { z } from 'zod';
import type { IsoDate } from './dates';
import type { FlagId } from './metrics/types';
import { hasNoControlCharacters } from './validation/text';

/**
 * A row of the physio's caseload: who, and the numbers that say whether they need a call. Only
 * what the table shows, since every field is rendered and sent for each of the page's rows.
 */
export interface CaseloadRow {
  id: string;
  name: string;
  routineTitle: string | null;
  lastActivity: IsoDate | null;
  adherence14Pct: number | null;
  meanPain7: number | null;
  meanPainPrevious7: number | null;
  flags: FlagId[];
  /** The latest STarT Back risk group (lib/outcome-measures), when the patient has answered it. */
  startBackGroup?: { id: string; label: string } | null;
}

/** A discharged patient, listed under the table (the record is kept). */
export interface DischargedPatient {
  id: string;
  name: string;
  dischargedOn: IsoDate;
}

/** Rows on one page of the caseload table. */
export const CASELOAD_PAGE_SIZE = 50;

/** One page of the current caseload, with the counts the page shows beside it. */
export interface CaseloadPage {
  rows: CaseloadRow[];
  /** Patients on the caseload (not discharged). */
  currentCount: number;
  /** Of those, how many need attention: over the whole caseload, whatever the view. */
  attentionCount: number;
  /** Patients matching the search and the "flagged only" filter. */
  matchingCount: number;
  /** The page shown: the one asked for, or the last one when that is past the end. */
  page: number;
  pageCount: number;
  /** The physio's discharged patients, A–Z (their records are kept). */
  discharged: DischargedPatient[];
}

export const CASELOAD_SORTS = ['name', 'activity', 'adherence', 'pain', 'flags'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

/** The caseload's view, as kept in the URL so a view can be bookmarked; bad values fall back. */
export const caseloadViewSchema = z.object({
  q: z.string().trim().max(100).refine(hasNoControlCharacters).catch('').default(''),
  sort: z.enum(CASELOAD_SORTS).catch('flags').default('flags'),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  flagged: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  // Not a whole number of at least 1 → the first page; past the last page → the last (the query
  // clamps it), so a hand-edited or stale link always shows a page.
  page: z.coerce
    .number()
    .int()
    .min(1)
    .catch(1)
    .default(1)
    .transform((page) => Math.min(page, 1_000_000)),
});

export type CaseloadView = z.infer<typeof caseloadViewSchema>;

/** Flags that call for the physio's attention ("improving" is good news, not a problem). */
export const ATTENTION_FLAGS: readonly FlagId[] = ['pain_rising', 'low_adherence', 'inactive'];

export function needsAttention(row: Pick<CaseloadRow, 'flags'>): boolean {
  return row.flags.some((f) => ATTENTION_FLAGS.includes(f));
}

export type PainTrend = 'rising' | 'falling' | 'steady' | null;

/** Direction of the last 7 days' mean pain against the 7 before (half a point counts as a move). */
export function painTrend(row: Pick<CaseloadRow, 'meanPain7' | 'meanPainPrevious7'>): PainTrend {
  if (row.meanPain7 === null || row.meanPainPrevious7 === null) return null;
  const change = row.meanPain7 - row.meanPainPrevious7;
  if (change >= 0.5) return 'rising';
  if (change <= -0.5) return 'falling';
  return 'steady';
}

export function defaultDirection(sort: CaseloadSort): 'asc' | 'desc' {
  // Most useful first: most flags, highest pain, oldest activity, lowest adherence, A–Z.
  return sort === 'flags' || sort === 'pain' ? 'desc' : 'asc';
}

/** The caseload's URL for a view (what the sort links, the form and the page links point at). */
export function caseloadHref(view: Omit<CaseloadView, 'page'> & { page?: number }): string {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (view.flagged) params.set('flagged', '1');
  params.set('sort', view.sort);
  if (view.dir) params.set('dir', view.dir);
  if (view.page && view.page > 1) params.set('page', String(view.page));
  return `/physio?${params.toString()}`;
}
