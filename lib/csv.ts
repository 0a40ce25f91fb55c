/*
 * CSV writing (RFC 4180), shared by the server's streamed exports and the browser's on-screen exports.
 */

export type CsvValue = string | number | boolean | null | undefined;

// Spreadsheets run a cell starting with one of these as a formula (CWE-1236); tab and CR count too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula triggers neutralised with a leading apostrophe, quoted when it holds a comma, quote or line break. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole document: header then rows, with a byte-order mark so spreadsheet apps read UTF-8 (accents, emoji) correctly. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${CSV_BOM}${csvRow(header)}${rows.map(csvRow).join('')}`;
}

export const CSV_BOM = '\uFEFF';

/** Unix seconds → ISO 8601 UTC, the least ambiguous timestamp for a spreadsheet. */
export function csvTime(unixSeconds: number | null | undefined): string {
  return unixSeconds == null ? '' : new Date(unixSeconds * 1000).toISOString();
}
