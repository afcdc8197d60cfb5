import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '@/lib/csv';

describe('CSV cells', () => {
  it('quotes only what needs quoting, per RFC 4180', () => {
    expect(csvCell('Ann Lee')).toBe('Ann Lee');
    expect(csvCell('Lee, Ann')).toBe('"Lee, Ann"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const value of ['=1+1', '+1', '-1', '@x', '\tx', '\rx']) {
      expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('round-trips through a real CSV parser', () => {
    const line = csvLine(['a,b', 'c"d', 'e\r\nf', 3, null]);
    expect(parse(line)).toEqual([['a,b', 'c"d', 'e\r\nf', '3', '']]);
  });
});
