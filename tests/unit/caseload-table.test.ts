import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CaseloadTable } from '@/components/caseload/caseload-table';
import type { CaseloadRow, CaseloadView } from '@/lib/caseload-view';

const view: CaseloadView = { q: '', flagged: false, sort: 'flags', page: 1 };

const active: CaseloadRow = {
  id: '5bc0356c-9478-476a-a8b4-f4e7ee1aee35',
  name: 'Sam <Whitfield>',
  routineTitle: 'Lumbar programme: phase 2',
  lastActivity: '2026-12-08',
  adherence14Pct: 42.1,
  meanPain7: 7,
  meanPainPrevious7: 5.5,
  flags: ['pain_rising', 'low_adherence'],
  startBackGroup: { id: 'high', label: 'High risk' },
};

const newcomer: CaseloadRow = {
  id: 'e2f468cb-4af5-4aa2-bd2b-d9cd054ef20b',
  name: 'Olu Okafor',
  routineTitle: null,
  lastActivity: null,
  adherence14Pct: null,
  meanPain7: null,
  meanPainPrevious7: null,
  flags: [],
};

function render(rows: CaseloadRow[]): string {
  return renderToStaticMarkup(createElement(CaseloadTable, { rows, view, pageCount: 1 }));
}

/** The text of each cell of the body's rows, tags stripped. */
function cells(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) =>
    [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) =>
      cell!.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    ),
  );
}

describe('the caseload table', () => {
  it('writes each row as the physio reads it: date, one-decimal figures, trend, flags', () => {
    expect(cells(render([active]))).toEqual([
      [
        'Sam <Whitfield>STarT Back: High riskLumbar programme: phase 2',
        'Tue 8 Dec 2026',
        '42.1%',
        '7.0↑ rising against the week before',
        'Pain risingLow adherence',
      ],
    ]);
  });

  it('says what is missing rather than showing a blank or a zero', () => {
    expect(cells(render([newcomer]))).toEqual([
      [
        'Olu OkaforNo active programme',
        'Never',
        '— nothing prescribed',
        '— no pain scores',
        '',
      ],
    ]);
  });

  it("links each name to the patient's record, without prefetching it, and escapes the name", () => {
    const html = render([active, newcomer]);
    expect(html).toContain(
      `<a href="/physio/patients/${active.id}">Sam &lt;Whitfield&gt;</a>`,
    );
    expect(html).toContain(`<a href="/physio/patients/${newcomer.id}">Olu Okafor</a>`);
  });

  it('ties the flags and the risk group to their explanations in the legend', () => {
    const html = render([active]);
    expect(html).toContain('aria-describedby="flag-help-pain_rising"');
    expect(html).toContain('aria-describedby="risk-group-help"');
  });
});
