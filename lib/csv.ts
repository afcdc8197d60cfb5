/**
 * CSV per RFC 4180, with spreadsheet formula injection neutralised: a text cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an apostrophe (OWASP's advice),
 * so a name like `=HYPERLINK(...)` is shown as text instead of run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | null;

export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
