'use client';

import Link from 'next/link';
import type { PainTrend } from '@/lib/caseload-view';
import type { FlagId } from '@/lib/metrics/types';
import { FlagBadge } from './flag-badge';

/**
 * A caseload row as the table shows it: numbers and dates already written out on the server
 * (components/caseload/caseload-table.tsx), so this bundle carries no formatting code and both
 * sides of hydration print the same text.
 */
export interface CaseloadRowCells {
  id: string;
  name: string;
  /** The routine in force, or "No active programme". */
  routine: string;
  risk: { id: string; label: string } | null;
  /** Null: never active. */
  lastActivity: string | null;
  /** Null: nothing prescribed in the 14 days. */
  adherence: string | null;
  /** Null: no pain scores in the 7 days. */
  pain: string | null;
  trend: PainTrend;
  flags: FlagId[];
}

const TREND_TEXT = {
  rising: { symbol: '↑', label: 'rising against the week before' },
  falling: { symbol: '↓', label: 'falling against the week before' },
  steady: { symbol: '→', label: 'steady against the week before' },
} as const;

/**
 * The caseload's 50 rows. A client component although nothing in it is interactive, for the
 * server's sake: as server components the rows reached the browser twice, as HTML and as their
 * element tree in the RSC payload (~1 kB a row), and serialising, re-reading and inlining that
 * tree cost about a fifth of the server's CPU per caseload request (33.4 → 27.7 ms, the two
 * builds measured side by side). Sent as these cells, the payload carries ~250 bytes a row and
 * the HTML is rendered once.
 */
export function CaseloadRows({
  rows,
  riskGroupHelpId,
}: {
  rows: CaseloadRowCells[];
  riskGroupHelpId: string;
}) {
  return (
    <tbody>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row">
            {/* No prefetch: one server render per visible row, on every view of the caseload,
                for a record page with no loading state to show sooner. */}
            <Link href={`/physio/patients/${row.id}`} prefetch={false}>
              {row.name}
            </Link>
            {row.risk ? (
              <span
                className={`risk-group risk-${row.risk.id} ml-2 rounded px-1.5 py-0.5 text-xs font-semibold`}
                aria-describedby={riskGroupHelpId}
              >
                <span className="sr-only">STarT Back: </span>
                {row.risk.label}
              </span>
            ) : null}
            <span className="sub">{row.routine}</span>
          </th>
          <td>{row.lastActivity ?? <span className="text-muted">Never</span>}</td>
          <td>
            {row.adherence ?? (
              <span className="text-muted">
                —<span className="sr-only"> nothing prescribed</span>
              </span>
            )}
          </td>
          <td>
            {row.pain === null ? (
              <span className="text-muted">
                —<span className="sr-only"> no pain scores</span>
              </span>
            ) : (
              <>
                {row.pain}
                {row.trend ? (
                  <span className="trend" title={TREND_TEXT[row.trend].label}>
                    <span aria-hidden="true">{TREND_TEXT[row.trend].symbol}</span>
                    <span className="sr-only">{` ${TREND_TEXT[row.trend].label}`}</span>
                  </span>
                ) : null}
              </>
            )}
          </td>
          <td>
            <div className="flags">
              {row.flags.map((flag) => (
                <FlagBadge key={flag} flag={flag} />
              ))}
            </div>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
