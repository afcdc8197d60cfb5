import { z } from 'zod';
import type { IsoDate } from './dates';
import type { FlagId } from './metrics/types';
import { hasNoControlCharacters } from './validation/text';

/** A row of the physio's caseload: who, and the numbers that say whether they need a call. */
export interface CaseloadRow {
  id: string;
  name: string;
  email: string;
  condition: string;
  dischargedOn: IsoDate | null;
  routineTitle: string | null;
  lastActivity: IsoDate | null;
  adherence14Pct: number | null;
  meanPain7: number | null;
  meanPainPrevious7: number | null;
  flags: FlagId[];
  /** The latest STarT Back risk group (lib/outcome-measures), when the patient has answered it. */
  startBackGroup?: { id: string; label: string } | null;
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
});

export type CaseloadView = z.infer<typeof caseloadViewSchema>;

/** Flags that call for the physio's attention ("improving" is good news, not a problem). */
export const ATTENTION_FLAGS: readonly FlagId[] = ['pain_rising', 'low_adherence', 'inactive'];

export function needsAttention(row: CaseloadRow): boolean {
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

function compareNullable(a: number | string | null, b: number | string | null): number {
  // Missing values sort last whatever the direction is.
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function applyCaseloadView(rows: readonly CaseloadRow[], view: CaseloadView): CaseloadRow[] {
  const query = view.q.toLowerCase();
  const dir = view.dir ?? defaultDirection(view.sort);
  const sign = dir === 'asc' ? 1 : -1;
  const key = (row: CaseloadRow): number | string | null => {
    switch (view.sort) {
      case 'name':
        return row.name.toLowerCase();
      case 'activity':
        return row.lastActivity;
      case 'adherence':
        return row.adherence14Pct;
      case 'pain':
        return row.meanPain7;
      case 'flags':
        return row.flags.filter((f) => ATTENTION_FLAGS.includes(f)).length;
    }
  };
  return rows
    .filter((row) => !query || row.name.toLowerCase().includes(query))
    .filter((row) => !view.flagged || needsAttention(row))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null)
        return compareNullable(ka, kb) || a.name.localeCompare(b.name);
      return sign * compareNullable(ka, kb) || a.name.localeCompare(b.name);
    });
}
