import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClinicWeeklyTable } from '@/components/admin/clinic-weekly-table';
import { NO_WEEKS_MESSAGE, WeeklyTable } from '@/components/progress/weekly-table';
import { Section } from '@/components/ui/section';

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
    expect(html).toContain('<td class="px-3 py-2 sm:px-4">1</td>');
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
    expect(html).toContain('<td class="px-3 py-2 text-right tabular-nums sm:px-4">3</td>');
    expect(html).not.toContain('this week');
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
