/** A date of the API (`YYYY-MM-DD`) in the reader's locale, without shifting time zones. */
export function formatDate(date: string, locale?: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(locale);
}

/** A moment of the API (ISO date-time) as a date and time in the reader's locale. */
export function formatDateTime(value: string, locale?: string): string {
  return new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today as `YYYY-MM-DD` in local time: the earliest target date the API accepts. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
