import { pdfSafe } from './text';

/*
 * Layout helpers for the report: one palette and font pair, and the few building blocks the
 * sections are drawn with (a line of text, a heading, label/value facts, a table across pages).
 */

export type Doc = PDFKit.PDFDocument;

export const MARGIN = 50;
export const FOOTER_HEIGHT = 28;
export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';
/** One palette for the whole report: dark text on white, greys for rules and shading. */
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const RULE = '#b8c2cc';
export const SHADE = '#eef1f4';
export const NO_VALUE = '—';

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** The lowest y the body may reach on this page, leaving room for the footer. */
function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom - FOOTER_HEIGHT;
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
  }
}

export function write(
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
export function heading(doc: Doc, text: string, keepWith = 50): void {
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
export function facts(doc: Doc, rows: [string, string][]): void {
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

export interface Column {
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
export function table(doc: Doc, columns: Column[], rows: string[][]): void {
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
