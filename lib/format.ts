const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const acuFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Unix seconds → "12 Nov 2026" (UTC, the same on server and client). */
export function formatDate(unixSeconds: number | null | undefined): string {
  return unixSeconds == null ? '—' : dateFormat.format(new Date(unixSeconds * 1000));
}

export function formatDateTime(unixSeconds: number | null | undefined): string {
  return unixSeconds == null ? '—' : `${dateTimeFormat.format(new Date(unixSeconds * 1000))} UTC`;
}

export function formatAcus(value: number | null | undefined): string {
  return value == null ? 'No limit' : `${acuFormat.format(value)} ACU`;
}
