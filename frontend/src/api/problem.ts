import type { FieldErrors, Message } from '../lib/messages';

/** RFC 9457 problem details as the Kompas API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  invalidParams?: InvalidParam[];
}

export interface InvalidParam {
  name: string;
  reason: string;
  code: string;
}

/** An answer of the API that was not a success, with its problem details when it sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  readonly etag: string | null;

  constructor(status: number, problem: Problem | null, etag: string | null = null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.etag = etag;
  }
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('status' in value || 'title' in value);
}

// Codes (pydantic's error types and the API's own) that have a text of ours in every language.
const KNOWN_CODES = new Set([
  'missing',
  'string_too_long',
  'string_too_short',
  'string_pattern_mismatch',
  'enum',
  'uuid_parsing',
  'url_parsing',
  'duplicate',
  'too_long',
  'greater_than_equal',
  'less_than_equal',
  'self-lockout',
  'in-past',
  'too-far',
  'datetime_type',
  'datetime_parsing',
]);

export function messageForParam(param: InvalidParam): Message {
  return KNOWN_CODES.has(param.code) ? { key: `validation.server.${param.code}` } : { text: param.reason };
}

export interface MappedProblem {
  /** Errors to show beside a field of the form, keyed by the field's path. */
  fields: FieldErrors;
  /** Everything that has no field on this form: shown above the form. */
  general: Message[];
}

/**
 * Spread a problem over the form: each invalid parameter goes next to the field of the same path
 * (`contacts.0.email`), or to the nearest field that holds it (`contacts.0` for `contacts.0.x`
 * when the form has no `x`); the rest goes above the form.
 */
export function mapProblemToFields(
  problem: Problem | null,
  formFields: Iterable<string>,
  /** API field name → form field name, where the form names a field differently. */
  aliases: Record<string, string> = {},
): MappedProblem {
  const known = new Set(formFields);
  const fields: FieldErrors = {};
  const general: Message[] = [];
  const params = problem?.invalidParams ?? [];
  for (const param of params) {
    const apiName = param.name.startsWith('body.') ? param.name.slice(5) : param.name;
    const name = aliases[apiName] ?? apiName;
    const target = nearestField(name, known);
    const message = messageForParam(param);
    if (target === null) {
      general.push({ text: `${name}: ${param.reason}` });
    } else if (!(target in fields)) {
      fields[target] = message;
    }
  }
  if (params.length === 0 && problem) {
    general.push(problem.detail ? { text: problem.detail } : { key: 'errors.unexpected' });
  }
  return { fields, general };
}

function nearestField(name: string, known: Set<string>): string | null {
  const parts = name.split('.');
  while (parts.length > 0) {
    const candidate = parts.join('.');
    if (known.has(candidate)) return candidate;
    parts.pop();
  }
  return null;
}
