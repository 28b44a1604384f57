import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api';
import { ApiError, isProblem } from '../../api/problem';

export type Dashboard = Schemas['Dashboard'];

export function useDashboard() {
  return useQuery({ queryKey: ['dashboard'], queryFn: () => unwrap(api.GET('/dashboard')) });
}

export interface ReportPeriod {
  from: string;
  to: string;
  lang: 'nl' | 'en';
}

/** The progress report as the printable page (`text/html`) or the PDF, as a Blob. */
export async function fetchReport(period: ReportPeriod, format: 'html' | 'pdf'): Promise<Blob> {
  const accept = format === 'pdf' ? 'application/pdf' : 'text/html';
  const { data, error, response } = await api.GET('/reports/progress', {
    params: { query: period },
    headers: { Accept: accept },
    parseAs: 'blob',
  });
  if (!response.ok || error !== undefined || !data) {
    let problem: unknown = error;
    if (error instanceof Blob) problem = JSON.parse(await error.text()) as unknown;
    throw new ApiError(response.status, isProblem(problem) ? problem : null, null);
  }
  return data as Blob;
}

/**
 * The printable page as a document of its own: a `<base>` to this origin, so its stylesheet
 * (`/api/v1/reports/progress.css`) loads when the page opens from a blob URL.
 */
export async function printablePage(html: Blob, origin: string): Promise<Blob> {
  const text = await html.text();
  const base = `<base href="${origin}/">`;
  return new Blob([text.replace('<head>', `<head>${base}`)], { type: 'text/html' });
}
