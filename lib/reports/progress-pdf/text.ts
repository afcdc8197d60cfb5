import type { IsoDate } from '@/lib/dates';

/*
 * Text for the report: the download's file name, and text the standard fonts can draw.
 */

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
