import PDFDocument from 'pdfkit';
import { MARGIN, type Doc } from './layout';
import {
  drawDetails,
  drawFooters,
  drawHeader,
  drawOutcomes,
  drawRoutines,
  drawSummary,
  drawWeeks,
} from './sections';
import type { ProgressReportData } from './types';

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

export { pdfSafe, progressPdfFileName } from './text';
export type { ProgressReportData, ReportOutcome, ReportRoutine, ReportRoutineItem } from './types';

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
      drawOutcomes(doc, report);
      drawFooters(doc, report);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
