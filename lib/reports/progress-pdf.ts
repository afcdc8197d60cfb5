import PDFDocument from 'pdfkit';
import { formatPain, formatPercent, formatShortDate } from '@/lib/week-format';
import { addDays, ageOn, weekStart, type IsoDate } from '@/lib/dates';
import { formatDate } from '@/lib/format';
import { FLAG_INFO } from '@/lib/metrics/flags';
import type { ProgressWeek } from '@/lib/metrics/progress';
import type { PainChange } from '@/lib/metrics/pain-change';
import type { PatientSummary } from '@/lib/metrics/types';
import { describeWeekdays } from '@/lib/weekdays';

/*
 * The patient progress report (spec, "Exports"): one patient's programme, weekly numbers, flags and
 * change in pain, as a printable A4 PDF for a referrer. A pure function of the data the data layer
 * gathered (db/queries/progress-report.ts): no database, no clock, no network.
 *
 * It is drawn with PDFKit's built-in standard fonts (Helvetica), so the text is real, selectable and
 * extractable, and nothing is read from the network. Those fonts cover Windows-1252 (Western
 * European letters, typographic dashes and quotes); other characters are written as their closest
 * plain letter (see pdfSafe).
 */

export interface ReportRoutineItem {
  exerciseName: string;
  sets: number;
  reps: number;
  holdSeconds: number | null;
  daysMask: number;
  timesPerDay: number;
}

/** A version of the programme in force during the report's period. */
export interface ReportRoutine {
  title: string;
  startDate: IsoDate;
  /** Inclusive; null while it runs open-ended. */
  endDate: IsoDate | null;
  items: ReportRoutineItem[];
}

export interface ProgressReportData {
  /** Shown under the "Adhere" header when the clinic has a name to print. */
  clinicName?: string | null;
  /** The day the report was made, in the clinic's time zone: "today" for every figure. */
  generatedOn: IsoDate;
  patient: {
    name: string;
    dateOfBirth: IsoDate | null;
    condition: string;
    goal: string;
    firstRoutineStart: IsoDate | null;
    dischargedOn: IsoDate | null;
  };
  physioName: string;
  /** Oldest first. */
  routines: ReportRoutine[];
  /** First week first, as getPatientProgress returns them. */
  weeks: ProgressWeek[];
  /** The caseload figures and flags as of generatedOn. */
  summary: PatientSummary;
  painChange: PainChange;
}

/** "adhere-progress-sam-whitfield-2026-11-25.pdf": ASCII only, safe in a header. */
export function progressPdfFileName(patientName: string, today: IsoDate): string {
  const slug = patientName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `adhere-progress-${slug || 'patient'}-${today}.pdf`;
}

// Windows-1252 beyond Latin-1, which the standard fonts can draw.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that Unicode does not decompose into a plain letter and a mark.
const PLAIN_LETTERS: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŧ: 'T',
  ŧ: 't',
  '≤': '<=',
  '≥': '>=',
  '−': '-',
  '→': '->',
};

function drawable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)
  );
}

/** Text the standard fonts can draw: "Łucja Dvořák" becomes "Lucja Dvorak", never mojibake. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?|\n|\t/g, ' ')) {
    if (drawable(char)) {
      out += char;
      continue;
    }
    const plain = PLAIN_LETTERS[char] ?? char.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...plain].every(drawable) && plain !== '' ? plain : '?';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layout

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const FOOTER_HEIGHT = 28;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** One palette for the whole report: dark text on white, greys for rules and shading. */
const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#b8c2cc';
const SHADE = '#eef1f4';
const NO_VALUE = '—';

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** The lowest y the body may reach on this page, leaving room for the footer. */
function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom - FOOTER_HEIGHT;
}

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
  }
}

function write(
  doc: Doc,
  text: string,
  options: {
    font?: string;
    size?: number;
    color?: string;
    gap?: number;
  } & PDFKit.Mixins.TextOptions = {},
): void {
  const { font = FONT, size = 10, color = INK, gap = 0, ...textOptions } = options;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(color)
    .text(pdfSafe(text), doc.page.margins.left, doc.y, {
      width: contentWidth(doc),
      ...textOptions,
    });
  doc.y += gap;
}

/** A section heading, kept on one page with the first `keepWith` points of what follows it. */
function heading(doc: Doc, text: string, keepWith = 50): void {
  ensureSpace(doc, 30 + keepWith);
  doc.y += 10;
  write(doc, text, { font: BOLD, size: 13, gap: 2 });
  const y = doc.y;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.margins.left + contentWidth(doc), y)
    .lineWidth(0.75)
    .strokeColor(RULE)
    .stroke();
  doc.y = y + 6;
}

/** Label and value pairs in two columns, each value wrapping under itself. */
function facts(doc: Doc, rows: [string, string][]): void {
  const left = doc.page.margins.left;
  const labelWidth = 130;
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  doc.fontSize(10);
  for (const [label, value] of rows) {
    const text = pdfSafe(value);
    const height = Math.max(
      doc.font(BOLD).heightOfString(pdfSafe(label), { width: labelWidth }),
      doc.font(FONT).heightOfString(text, { width: valueWidth }),
    );
    ensureSpace(doc, height);
    const y = doc.y;
    doc.font(BOLD).fillColor(MUTED).text(pdfSafe(label), left, y, { width: labelWidth });
    doc
      .font(FONT)
      .fillColor(INK)
      .text(text, left + labelWidth + 10, y, { width: valueWidth });
    doc.y = y + height + 3;
  }
}

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const CELL_X = 5;
const CELL_Y = 4;
const TABLE_SIZE = 9;

/**
 * A table that breaks across pages, its header row repeated at the top of each page. Column widths
 * are fractions of the content width.
 */
function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(TABLE_SIZE);
    return (
      Math.max(
        ...cells.map((cell, i) =>
          doc.heightOfString(pdfSafe(cell), { width: (widths[i] ?? 0) - 2 * CELL_X }),
        ),
      ) +
      2 * CELL_Y
    );
  };

  const drawRow = (cells: string[], font: string, height: number, fill: string | null) => {
    const y = doc.y;
    if (fill) doc.rect(left, y, total, height).fillColor(fill).fill();
    let x = left;
    doc.font(font).fontSize(TABLE_SIZE).fillColor(INK);
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 0;
      doc.text(pdfSafe(cell), x + CELL_X, y + CELL_Y, {
        width: width - 2 * CELL_X,
        align: columns[i]?.align ?? 'left',
      });
      x += width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + total, y + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + height;
  };

  const headers = columns.map((c) => c.header);
  const headerHeight = rowHeight(headers, BOLD);
  const drawHeader = () => drawRow(headers, BOLD, headerHeight, SHADE);

  // Start on a new page rather than leave a header and a row or two stranded at the foot of one.
  const opening = rows.slice(0, 3).reduce((sum, cells) => sum + rowHeight(cells, FONT), 0);
  ensureSpace(doc, headerHeight + opening);
  drawHeader();
  for (const cells of rows) {
    const height = rowHeight(cells, FONT);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, FONT, height, null);
  }
  doc.x = left;
  doc.y += 6;
}

// ---------------------------------------------------------------------------------------------
// Content

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

function drawHeader(doc: Doc, report: ProgressReportData): void {
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

function drawDetails(doc: Doc, report: ProgressReportData): void {
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

function drawSummary(doc: Doc, report: ProgressReportData): void {
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

function drawRoutines(doc: Doc, report: ProgressReportData): void {
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

function drawWeeks(doc: Doc, report: ProgressReportData): void {
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
function drawFooters(doc: Doc, report: ProgressReportData): void {
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

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The report as the bytes of an A4 PDF. */
export function renderProgressPdf(report: ProgressReportData): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const doc: Doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang: 'en-GB',
      displayTitle: true,
      info: {
        Title: `Progress report: ${report.patient.name}`,
        Author: report.physioName,
        Subject: 'Patient progress report',
        Creator: 'Adhere',
      },
    });
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(concat(chunks)));
    doc.on('error', reject);
    try {
      drawHeader(doc, report);
      drawDetails(doc, report);
      drawSummary(doc, report);
      drawRoutines(doc, report);
      drawWeeks(doc, report);
      drawFooters(doc, report);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
