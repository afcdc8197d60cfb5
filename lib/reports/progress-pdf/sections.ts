import { formatPain, formatPercent, formatShortDate } from '@/lib/week-format';
import { addDays, ageOn, weekStart, type IsoDate } from '@/lib/dates';
import { formatDate } from '@/lib/format';
import { FLAG_INFO } from '@/lib/metrics/flags';
import type { PainChange } from '@/lib/metrics/pain-change';
import { formatDelta, formatScore } from '@/lib/outcome-measures/labels';
import { describeWeekdays } from '@/lib/weekdays';
import {
  BOLD,
  contentWidth,
  ensureSpace,
  facts,
  FONT,
  heading,
  INK,
  MUTED,
  NO_VALUE,
  RULE,
  table,
  write,
  type Doc,
} from './layout';
import { pdfSafe } from './text';
import type { ProgressReportData } from './types';

/* The report's sections, top to bottom, and the footer on every page. */

const pct = (value: number | null) => (value === null ? NO_VALUE : formatPercent(value));
const pain = (value: number | null) => (value === null ? NO_VALUE : formatPain(value));

/** The last day the figures count: today, or the discharge date if earlier. */
function lastCountedDay(report: ProgressReportData): IsoDate {
  const { dischargedOn } = report.patient;
  return dischargedOn && dischargedOn < report.generatedOn ? dischargedOn : report.generatedOn;
}

function periodText(report: ProgressReportData): string {
  const first = report.weeks[0];
  const last = report.weeks.at(-1);
  if (!first || !last) return 'No programme yet';
  const end = lastCountedDay(report);
  const lastSunday = addDays(last.weekStart, 6);
  const to = end < lastSunday ? end : lastSunday;
  const n = report.weeks.length;
  return `${formatDate(first.weekStart)} to ${formatDate(to)} (${n} ${n === 1 ? 'week' : 'weeks'})`;
}

function painChangeText(change: PainChange): string {
  if (change.points === null) {
    return 'Not available: it needs pain scores both in the baseline and in the last 7 days.';
  }
  if (change.points === 0) return 'No change (0.0 points).';
  const direction = change.points < 0 ? 'lower' : 'higher';
  const points = `${formatPain(Math.abs(change.points))} ${
    Math.abs(change.points) === 1 ? 'point' : 'points'
  } ${direction}`;
  const percent =
    change.percent === null ? '' : ` (${formatPercent(Math.abs(change.percent))} ${direction})`;
  return `${points}${percent} than the baseline.`;
}

export function drawHeader(doc: Doc, report: ProgressReportData): void {
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  doc.font(BOLD).fontSize(11).fillColor(MUTED).text('Adhere', left, top, { continued: false });
  if (report.clinicName) {
    doc.font(FONT).fontSize(10).fillColor(MUTED).text(pdfSafe(report.clinicName), left, doc.y);
  }
  doc.y += 6;
  write(doc, 'Patient progress report', { font: BOLD, size: 20 });
  write(doc, report.patient.name, { size: 14, gap: 4 });
  write(doc, `Generated on ${formatDate(report.generatedOn)}`, { size: 9, color: MUTED, gap: 6 });
}

export function drawDetails(doc: Doc, report: ProgressReportData): void {
  const { patient } = report;
  heading(doc, 'Patient');
  const rows: [string, string][] = [
    ['Patient', patient.name],
    [
      'Date of birth',
      patient.dateOfBirth
        ? `${formatDate(patient.dateOfBirth)} (age ${ageOn(patient.dateOfBirth, report.generatedOn)})`
        : 'Not recorded',
    ],
    ['Condition', patient.condition || 'Not recorded'],
  ];
  if (patient.goal) rows.push(['Goal', patient.goal]);
  rows.push(
    ['Physiotherapist', report.physioName],
    [
      'Programme started',
      patient.firstRoutineStart ? formatDate(patient.firstRoutineStart) : 'No programme yet',
    ],
  );
  if (patient.dischargedOn) rows.push(['Discharged', formatDate(patient.dischargedOn)]);
  rows.push(['Report period', periodText(report)]);
  facts(doc, rows);
}

export function drawSummary(doc: Doc, report: ProgressReportData): void {
  const { summary, painChange } = report;
  heading(doc, `Summary as of ${formatDate(report.generatedOn)}`);
  facts(doc, [
    ['Adherence, last 14 days', pct(summary.adherence14Pct)],
    ['Mean pain, last 7 days', pain(summary.meanPain7)],
    ['Mean pain, 7 days before', pain(summary.meanPainPrevious7)],
    ['Baseline pain', pain(painChange.baseline)],
    ['Change from baseline', painChangeText(painChange)],
  ]);
  write(
    doc,
    'Pain is the patient’s daily score on the 0–10 Numeric Pain Rating Scale (0 = no pain). The baseline is the mean of the first 7 days of the programme with a score; the change is computed from the unrounded means. A fall of 2 points or 30% is a clinically important improvement.',
    { size: 8, color: MUTED, gap: 8 },
  );

  ensureSpace(doc, 40);
  write(doc, 'Flags', { font: BOLD, size: 11, gap: 3 });
  if (summary.flags.length === 0) {
    write(doc, 'None: no flag is raised today.', { gap: 4 });
    return;
  }
  for (const flag of summary.flags) {
    const info = FLAG_INFO[flag];
    const text = `${info.label}: ${info.explanation}`;
    ensureSpace(doc, doc.font(FONT).fontSize(10).heightOfString(pdfSafe(text)) + 4);
    doc
      .font(BOLD)
      .fontSize(10)
      .fillColor(INK)
      .text(pdfSafe(info.label), doc.page.margins.left, doc.y, {
        width: contentWidth(doc),
        continued: true,
      })
      .font(FONT)
      .text(pdfSafe(`: ${info.explanation}`));
    doc.y += 4;
  }
}

export function drawRoutines(doc: Doc, report: ProgressReportData): void {
  heading(doc, 'Programme');
  if (report.routines.length === 0) {
    write(doc, 'No routine was in force during this period.', { gap: 4 });
    return;
  }
  for (const routine of report.routines) {
    const dates = routine.endDate
      ? `${formatDate(routine.startDate)} to ${formatDate(routine.endDate)}`
      : `From ${formatDate(routine.startDate)}, open-ended`;
    ensureSpace(doc, 60);
    write(doc, routine.title, { font: BOLD, size: 11 });
    write(doc, dates, { size: 9, color: MUTED, gap: 3 });
    if (routine.items.length === 0) {
      write(doc, 'No exercises.', { gap: 6 });
      continue;
    }
    table(
      doc,
      [
        { header: 'Exercise', width: 0.36 },
        { header: 'Sets × reps', width: 0.13 },
        { header: 'Hold', width: 0.1 },
        { header: 'Days', width: 0.27 },
        { header: 'Times a day', width: 0.14, align: 'right' },
      ],
      routine.items.map((item) => [
        item.exerciseName,
        `${item.sets} × ${item.reps}`,
        item.holdSeconds ? `${item.holdSeconds} s` : NO_VALUE,
        describeWeekdays(item.daysMask),
        String(item.timesPerDay),
      ]),
    );
    doc.y += 4;
  }
}

export function drawWeeks(doc: Doc, report: ProgressReportData): void {
  // The heading, the note and the table's first rows go together.
  heading(doc, 'Week by week', 130);
  if (report.weeks.length === 0) {
    write(doc, 'No weeks yet: the numbers start when the first routine begins.', { gap: 4 });
    return;
  }
  const end = lastCountedDay(report);
  const partialWeek = weekStart(end);
  const partial = addDays(partialWeek, 6) > end;
  write(
    doc,
    `Weeks run Monday to Sunday. Adherence is the sessions done out of those prescribed; mean pain is the mean of the week’s daily scores on the 0–10 scale. A dash (${NO_VALUE}) means no value.${
      partial ? ` The week of ${formatShortDate(partialWeek)} counts up to ${formatDate(end)}.` : ''
    }`,
    { size: 8, color: MUTED, gap: 4 },
  );
  table(
    doc,
    [
      { header: 'Week of', width: 0.2 },
      { header: 'Programme week', width: 0.15, align: 'right' },
      { header: 'Sessions done / prescribed', width: 0.2, align: 'right' },
      { header: 'Adherence', width: 0.15, align: 'right' },
      { header: 'Mean pain', width: 0.15, align: 'right' },
      { header: 'Pain scores', width: 0.15, align: 'right' },
    ],
    report.weeks.map((week) => [
      formatShortDate(week.weekStart),
      week.programmeWeek === null ? NO_VALUE : String(week.programmeWeek),
      `${week.completedSessions} / ${week.prescribedSessions}`,
      pct(week.adherencePct),
      pain(week.meanPain),
      String(week.painReports),
    ]),
  );
}

/** "Page n of N" and the patient's name at the foot of every page, once all pages exist. */
/** The questionnaires answered, each with its scores and the change from baseline. */
export function drawOutcomes(doc: Doc, report: ProgressReportData): void {
  const outcomes = report.outcomes ?? [];
  heading(doc, 'Outcome measures', 90);
  if (outcomes.length === 0) {
    write(doc, 'No questionnaire has been answered.', { gap: 4 });
    return;
  }
  for (const outcome of outcomes) {
    ensureSpace(doc, 70);
    write(doc, outcome.name, { font: BOLD, size: 11, gap: 2 });
    if (outcome.change) {
      write(
        doc,
        `Change from baseline: ${formatDelta(outcome.change.delta)}, ${outcome.change.verdict.toLowerCase()} (threshold ${outcome.change.threshold}; ${outcome.change.source})`,
        { size: 9, color: MUTED, gap: 3 },
      );
    }
    const grouped = outcome.scores.some((s) => s.group !== null);
    table(
      doc,
      [
        { header: 'Answered on', width: 0.3 },
        { header: 'Score', width: 0.2, align: 'right' },
        { header: 'Group', width: 0.3 },
        { header: 'Version', width: 0.2, align: 'right' },
      ],
      outcome.scores.map((s) => [
        formatDate(s.answeredOn),
        formatScore(s.score),
        grouped ? (s.group ?? NO_VALUE) : NO_VALUE,
        String(s.version),
      ]),
    );
    doc.y += 4;
  }
}

export function drawFooters(doc: Doc, report: ProgressReportData): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    const y = doc.page.height - doc.page.margins.bottom - 12;
    // Writing below the bottom margin would start a new page: lift the margin while we do.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        pdfSafe(`Progress report: ${report.patient.name}. Confidential health information.`),
        left,
        y,
        { width: width - 80, lineBreak: false, ellipsis: true, height: 10 },
      );
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, left + width - 80, y, {
      width: 80,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}
