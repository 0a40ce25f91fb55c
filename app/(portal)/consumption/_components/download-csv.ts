import { csvDocument, type CsvValue } from '@/lib/csv';

/** Saves rows the page already shows as a CSV file, built in the browser so it matches the screen exactly. */
export function downloadCsv(filename: string, header: string[], rows: CsvValue[][]) {
  const url = URL.createObjectURL(new Blob([csvDocument(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
