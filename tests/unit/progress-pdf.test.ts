import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { painChangeFromBaseline } from '@/lib/metrics/pain-change';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '@/lib/dates';
import type { ProgressWeek } from '@/lib/metrics/progress';
import type { WindowTotals } from '@/lib/metrics/types';
import {
  pdfSafe,
  progressPdfFileName,
  renderProgressPdf,
  type ProgressReportData,
} from '@/lib/reports/progress-pdf';

/** The PDF's text as a real reader extracts it: one string per line of each page. */
async function pdfLines(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines = new Map<number, { x: number; width: number; str: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [x = 0, y = 0] = [item.transform[4] as number, Math.round(item.transform[5] as number)];
      lines.set(y, [...(lines.get(y) ?? []), { x, width: item.width, str: item.str }]);
    }
    // Pieces of one run of text join up; a wider gap is the next table cell, shown as " | ".
    const join = (parts: { x: number; width: number; str: string }[]) => {
      let line = '';
      let end = -Infinity;
      for (const part of parts.sort((a, b) => a.x - b.x)) {
        const gap = part.x - end;
        line += line === '' ? part.str : gap > 8 ? ` | ${part.str.trimStart()}` : part.str;
        line = line.trimEnd();
        end = part.x + part.width;
      }
      return line;
    };
    pages.push([...lines.entries()].sort(([a], [b]) => b - a).map(([, parts]) => join(parts)));
  }
  await pdf.destroy();
  return pages;
}

function week(
  weekStart: IsoDate,
  programmeWeek: number | null,
  numbers: Partial<ProgressWeek> = {},
): ProgressWeek {
  return {
    patientId: 'p',
    weekStart,
    programmeWeek,
    prescribedSessions: 14,
    completedSessions: 12,
    adherencePct: 85.7,
    meanPain: 4.3,
    painReports: 7,
    ...numbers,
  };
}

const report: ProgressReportData = {
  clinicName: 'Riverside Physiotherapy',
  generatedOn: '2026-11-25',
  patient: {
    name: 'Zoë Łukasiewicz-Brown',
    dateOfBirth: '1980-12-01',
    condition: 'Non-specific low back pain, 8 weeks',
    goal: 'Walk the dog for 30 minutes',
    firstRoutineStart: '2026-11-04',
    dischargedOn: null,
  },
  physioName: 'Priya Raman',
  routines: [
    {
      title: 'Lumbar programme',
      startDate: '2026-11-04',
      endDate: '2026-11-15',
      items: [
        {
          exerciseName: 'Prone press-up (lumbar extension)',
          sets: 2,
          reps: 10,
          holdSeconds: 5,
          daysMask: 127,
          timesPerDay: 2,
        },
      ],
    },
    {
      title: 'Lumbar programme, phase 2',
      startDate: '2026-11-16',
      endDate: null,
      items: [
        {
          exerciseName: 'Bridge with single-leg extension',
          sets: 3,
          reps: 8,
          holdSeconds: null,
          daysMask: 1 | 4 | 16,
          timesPerDay: 1,
        },
      ],
    },
  ],
  weeks: [
    week('2026-11-02', 1, {
      prescribedSessions: 10,
      completedSessions: 9,
      adherencePct: 90,
      meanPain: 6.5,
      painReports: 4,
    }),
    week('2026-11-09', 2, { meanPain: null, painReports: 0 }),
    week('2026-11-16', 3, {
      prescribedSessions: 0,
      completedSessions: 0,
      adherencePct: null,
      meanPain: 3,
    }),
    week('2026-11-23', 4, { prescribedSessions: 3, completedSessions: 1, adherencePct: 33.3 }),
  ],
  summary: {
    patientId: 'p',
    adherence14Pct: 42.9,
    meanPain7: 3.1,
    meanPainPrevious7: 3.6,
    baselinePain: 6.5,
    lastActivity: '2026-11-25',
    flags: ['low_adherence', 'improving'],
  },
  painChange: { baseline: 6.5, last7: 3.1, points: -3.4, percent: -52.3 },
};

describe('the progress report PDF', () => {
  it('prints the patient, the physio, the programme, the weekly numbers and the flags', async () => {
    const bytes = await renderProgressPdf(report);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    const pages = await pdfLines(bytes);
    const lines = pages.flat();
    const text = lines.join('\n');

    expect(lines).toContain('Adhere');
    expect(lines).toContain('Riverside Physiotherapy');
    // Letters outside the standard fonts' character set become their plain letter, not mojibake.
    expect(text).toContain('Zoë Lukasiewicz-Brown');
    expect(text).toContain('Priya Raman');
    expect(lines).toContain('Date of birth | Mon 1 Dec 1980 (age 45)');
    expect(text).toContain('Non-specific low back pain, 8 weeks');
    expect(text).toContain('Mon 2 Nov 2026 to Wed 25 Nov 2026 (4 weeks)');
    expect(text).toContain('Generated on Wed 25 Nov 2026');

    expect(text).toContain('Lumbar programme, phase 2');
    expect(text).toContain('Wed 4 Nov 2026 to Sun 15 Nov 2026');
    expect(text).toContain('From Mon 16 Nov 2026, open-ended');
    expect(lines).toContain('Prone press-up (lumbar extension) | 2 × 10 | 5 s | Every day | 2');
    expect(lines).toContain('Bridge with single-leg extension | 3 × 8 | — | Mon, Wed, Fri | 1');

    expect(lines).toContain('2 Nov 2026 | 1 | 9 / 10 | 90.0% | 6.5 | 4');
    expect(lines).toContain('9 Nov 2026 | 2 | 12 / 14 | 85.7% | — | 0');
    expect(lines).toContain('16 Nov 2026 | 3 | 0 / 0 | — | 3.0 | 7');
    expect(lines).toContain('23 Nov 2026 | 4 | 1 / 3 | 33.3% | 4.3 | 7');
    expect(text).toContain('The week of 23 Nov 2026 counts up to Wed 25 Nov 2026.');

    expect(lines).toContain('Adherence, last 14 days | 42.9%');
    expect(lines).toContain('Mean pain, last 7 days | 3.1');
    expect(lines).toContain('Baseline pain | 6.5');
    expect(text).toContain('3.4 points lower (52.3% lower) than the baseline.');
    expect(lines).toContain(
      'Low adherence: Fewer than half of the prescribed sessions were done over the last 14 days.',
    );
    expect(text).toMatch(/Improving: Mean pain over the last 7 days is at least 2 points/);
    expect(text).not.toMatch(/Pain rising|Inactive:/);

    pages.forEach((page, i) =>
      expect(page.at(-1)).toBe(
        `Progress report: Zoë Lukasiewicz-Brown. Confidential health information. | Page ${i + 1} of ${pages.length}`,
      ),
    );
  });

  it('says so when there is no programme, no flag and no pain change', async () => {
    const bytes = await renderProgressPdf({
      ...report,
      clinicName: null,
      patient: { ...report.patient, dateOfBirth: null, firstRoutineStart: null },
      routines: [],
      weeks: [],
      summary: { ...report.summary, adherence14Pct: null, meanPain7: null, flags: [] },
      painChange: { baseline: null, last7: null, points: null, percent: null },
    });
    const text = (await pdfLines(bytes)).flat().join('\n');
    expect(text).toContain('Date of birth | Not recorded');
    expect(text).toContain('Report period | No programme yet');
    expect(text).toContain('No routine was in force during this period.');
    expect(text).toContain('No weeks yet');
    expect(text).toContain('None: no flag is raised today.');
    expect(text).toContain('Change from baseline | Not available');
    expect(text).not.toContain('Riverside');
  });

  it('breaks two years of weeks across pages, repeating the table header', async () => {
    const first: IsoDate = '2024-12-02';
    const weeks = Array.from({ length: 104 }, (_, i) =>
      week(addDays(first, 7 * i), i + 1, { completedSessions: i % 15, adherencePct: null }),
    );
    const bytes = await renderProgressPdf({ ...report, weeks });
    const pages = await pdfLines(bytes);
    expect(pages.length).toBeGreaterThan(2);

    const header = 'Week of | Programme | Sessions done / | Adherence | Mean pain | Pain scores';
    const headerPages = pages.filter((lines) => lines.some((l) => l.startsWith('Week of |')));
    expect(headerPages.length).toBeGreaterThan(1);
    expect(pages.flat().filter((l) => l.startsWith('Week of |'))[0]).toBe(header);

    const rows = pages.flat().filter((l) => /^\d{1,2} [A-Z][a-z]{2} \d{4} \| \d+ \|/.test(l));
    expect(rows).toHaveLength(104);
    expect(rows.at(-1)).toBe('23 Nov 2026 | 104 | 13 / 14 | — | 4.3 | 7');
    pages.forEach((lines, i) =>
      expect(lines.at(-1)).toMatch(new RegExp(`Page ${i + 1} of ${pages.length}$`)),
    );
  });
});

describe('the change in pain from baseline', () => {
  const totals: WindowTotals = {
    patientId: 'p',
    prescribed14: 0,
    completed14: 0,
    painSum7: 22, // 3.142…
    painReports7: 7,
    painSumPrevious7: 0,
    painReportsPrevious7: 0,
    baselinePainSum: 45, // 6.428…
    baselinePainReports: 7,
    hasActiveRoutine: true,
    activeInLast7Days: true,
    lastActivity: null,
  };

  it('compares the unrounded means, in points and as a share of the baseline', () => {
    // 22/7 − 45/7 = −23/7 = −3.2857…; −23/45 = −51.11…%
    expect(painChangeFromBaseline(totals)).toEqual({
      baseline: 6.4,
      last7: 3.1,
      points: -3.3,
      percent: -51.1,
    });
  });

  it('rounds a rise and a fall alike, and needs both means', () => {
    // 3/2 − 1/1 = +0.5; 1/1 − 3/2 = −0.5
    const rise = {
      ...totals,
      painSum7: 3,
      painReports7: 2,
      baselinePainSum: 1,
      baselinePainReports: 1,
    };
    expect(painChangeFromBaseline(rise)).toMatchObject({ points: 0.5, percent: 50 });
    const fall = {
      ...totals,
      painSum7: 1,
      painReports7: 1,
      baselinePainSum: 3,
      baselinePainReports: 2,
    };
    expect(painChangeFromBaseline(fall)).toMatchObject({ points: -0.5, percent: -33.3 });
    expect(painChangeFromBaseline({ ...totals, painReports7: 0, painSum7: 0 })).toMatchObject({
      last7: null,
      points: null,
      percent: null,
    });
  });

  it('has no percentage when the baseline is no pain at all', () => {
    const zero = { ...totals, baselinePainSum: 0 };
    expect(painChangeFromBaseline(zero)).toMatchObject({ baseline: 0, points: 3.1, percent: null });
  });
});

describe('helpers', () => {
  it('names the file after the patient and the day, in plain ASCII', () => {
    expect(progressPdfFileName('Sam Whitfield', '2026-11-25')).toBe(
      'adhere-progress-sam-whitfield-2026-11-25.pdf',
    );
    expect(progressPdfFileName("Liam O'Connor", '2026-11-25')).toBe(
      'adhere-progress-liam-o-connor-2026-11-25.pdf',
    );
    expect(progressPdfFileName('Zoë "Ł" <x>', '2026-11-25')).toBe(
      'adhere-progress-zoe-x-2026-11-25.pdf',
    );
    expect(progressPdfFileName('王小明', '2026-11-25')).toBe(
      'adhere-progress-patient-2026-11-25.pdf',
    );
  });

  it('keeps what the standard fonts can draw and replaces the rest', () => {
    expect(pdfSafe('Zoë – “quoted” × 3 — €5')).toBe('Zoë – “quoted” × 3 — €5');
    expect(pdfSafe('Dvořák Łódź ≥ 2')).toBe('Dvorák Lódz >= 2');
    expect(pdfSafe('王\nline')).toBe('? line');
  });
});
