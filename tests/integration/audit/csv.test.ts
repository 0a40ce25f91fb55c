import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, csvRow, csvTime } from '@/lib/csv';

describe('CSV writing', () => {
  it('quotes cells holding commas, quotes or line breaks, doubling inner quotes', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe('plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const attack of ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(attack).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    // Numbers stay numbers, negative ones included; only text is neutralised.
    expect(csvRow([-5, 0.25, null, undefined, true])).toBe('-5,0.25,,,true\r\n');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes a document with a byte-order mark, a header and CRLF rows; times in ISO UTC', () => {
    expect(csvDocument(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
    expect(csvTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(csvTime(null)).toBe('');
  });
});
