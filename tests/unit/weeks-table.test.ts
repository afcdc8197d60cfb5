import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClinicWeeklyTable } from '@/components/admin/clinic-weekly-table';
import { WeekByWeek } from '@/components/progress/week-by-week';
import { NO_WEEKS_MESSAGE, WeeklyTable } from '@/components/progress/weekly-table';
import { Section } from '@/components/ui/section';
import { addDays } from '@/lib/dates';
import { shownWeeks } from '@/lib/metrics/progress';

type SectionProps = Parameters<typeof Section>[0];

const week = (weekStart: string, programmeWeek: number | null) => ({
  patientId: 'p',
  weekStart,
  programmeWeek,
  completedSessions: 4,
  prescribedSessions: 5,
  adherencePct: programmeWeek === null ? null : 80,
  meanPain: programmeWeek === null ? null : 3.5,
  painReports: 2,
  patients: 3,
});

describe('one weekly table for a patient’s progress and the clinic’s figures', () => {
  it('shows the patient’s programme week, and marks this week', () => {
    const html = renderToStaticMarkup(
      createElement(WeeklyTable, {
        weeks: [week('2026-03-02', null), week('2026-03-09', 1)],
        currentWeek: '2026-03-09',
      }),
    );
    expect(html).toContain(
      '<th scope="col" class="px-3 py-3 font-semibold sm:px-4">Programme week</th>',
    );
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('this week');
    expect(html.match(/no value/g)).toHaveLength(3);
    expect(renderToStaticMarkup(createElement(WeeklyTable, { weeks: [] }))).toContain(
      NO_WEEKS_MESSAGE,
    );
  });

  it('shows the clinic’s patients per week as a right-aligned number', () => {
    const html = renderToStaticMarkup(
      createElement(ClinicWeeklyTable, {
        weeks: [week('2026-03-09', 1)],
        currentWeek: '2026-03-02',
      }),
    );
    expect(html).toContain(
      '<th scope="col" class="px-3 py-3 text-right font-semibold sm:px-4">Patients</th>',
    );
    // The stylesheet right-aligns the second column's numbers (`.weeks-table.numeric-second`).
    expect(html).toContain('<table class="weeks-table numeric-second">');
    expect(html).toContain('<td>3</td>');
    expect(html).not.toContain('this week');
  });

  it('styles a year of rows from the stylesheet, not with classes on every cell', () => {
    const year = Array.from({ length: 52 }, (_, i) => week(addDays('2025-12-01', 7 * i), i + 1));
    const html = renderToStaticMarkup(
      createElement(WeeklyTable, { weeks: year, currentWeek: '2026-11-23' }),
    );
    const body = html.slice(html.indexOf('<tbody>'));
    expect(body.match(/<tr>/g)).toHaveLength(52);
    // Only the "this week" mark carries a class in the body.
    expect(body.match(/ class="/g)).toHaveLength(1);
    expect(html).toContain('<table class="weeks-table">');
    // What it cost before: 250 bytes of classes a row, 13 kB a year (and as much again in the
    // page's server-component payload).
    expect(body.length / 52).toBeLessThan(150);
  });

  it('is rendered beside the chart from the chart’s own array, across the client boundary', () => {
    // A client component: the page's payload then carries the weeks (already sent to the chart)
    // by reference, not 52 server-rendered rows of elements.
    expect(readFileSync('components/progress/week-by-week.tsx', 'utf8')).toMatch(/^'use client';/);
    const weeks = shownWeeks([week('2026-03-02', null), week('2026-03-09', 1)]);
    expect(
      renderToStaticMarkup(createElement(WeekByWeek, { weeks, currentWeek: '2026-03-09' })),
    ).toBe(renderToStaticMarkup(createElement(WeeklyTable, { weeks, currentWeek: '2026-03-09' })));
  });

  it('sends the chart only what it shows: no patient id', () => {
    const shown = shownWeeks([{ ...week('2026-03-09', 1), patientId: 'p-1' }]);
    expect(shown).toEqual([
      {
        weekStart: '2026-03-09',
        programmeWeek: 1,
        completedSessions: 4,
        prescribedSessions: 5,
        adherencePct: 80,
        meanPain: 3.5,
        painReports: 2,
        patients: 3,
      },
    ]);
    expect(shown[0]).not.toHaveProperty('patientId');
  });
});

describe('Section', () => {
  it('is a region named by its heading, plain or as a card', () => {
    const plain = renderToStaticMarkup(
      createElement(Section, { id: 's', title: 'Profile' } as SectionProps, 'x'),
    );
    expect(plain).toBe(
      '<section aria-labelledby="s" class="mb-8"><h2 id="s" class="mb-3 text-lg font-semibold">Profile</h2>x</section>',
    );
    const boxed = renderToStaticMarkup(
      createElement(Section, { id: 's', title: 'Details', boxed: true } as SectionProps, 'x'),
    );
    expect(boxed).toContain('class="border-line bg-surface mb-6 rounded-lg border p-5"');
  });
});
