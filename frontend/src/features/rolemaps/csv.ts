import type { Problem } from '../../api';

/**
 * The problems of a refused CSV import, one per bad row, as the API names them in
 * `invalidParams`: `line.{n}.{column}` for a line of the file, `perspective.{id}` for a view the
 * caller may not give, `task` or `body` for the file as a whole.
 */
export interface CsvProblem {
  /** The line of the file (1 is the header); null for a problem of the whole file. */
  line: number | null;
  /** The column (taskId, task, cluster, party, role, perspective), `row`, `header`; or null. */
  column: string | null;
  code: string;
  /** The API's own words (English), shown when we have no text for the code. */
  reason: string;
  /** For `perspective.{id}`: the party whose view it is. */
  perspective: string | null;
}

export const CSV_COLUMNS = ['taskId', 'task', 'cluster', 'party', 'role', 'perspective', 'row', 'header'] as const;

/** Codes of csvio.py that have a text of ours (roleMaps.csv.codes.*). */
export const CSV_CODES = [
  'columns',
  'unknown-task',
  'title',
  'too-long',
  'unknown-party',
  'role',
  'perspective',
  'duplicate',
  'too-many',
  'header',
  'forbidden',
  'encoding',
  'nul',
] as const;

export function csvProblems(problem: Problem | null): CsvProblem[] {
  const found = (problem?.invalidParams ?? []).map((param): CsvProblem => {
    const parts = param.name.replace(/^body\./, '').split('.');
    if (parts[0] === 'line' && /^\d+$/.test(parts[1] ?? '')) {
      return { line: Number(parts[1]), column: parts.slice(2).join('.') || null, code: param.code, reason: param.reason, perspective: null };
    }
    if (parts[0] === 'perspective') {
      return { line: null, column: null, code: param.code, reason: param.reason, perspective: parts.slice(1).join('.') || null };
    }
    return { line: null, column: null, code: param.code, reason: param.reason, perspective: null };
  });
  // By line, the whole-file problems first; the API's order within a line is kept (sort is stable).
  return found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The file name the API suggests in `Content-Disposition`, else a fallback. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition ?? '');
  return match ? decodeURIComponent(match[1]) : fallback;
}
