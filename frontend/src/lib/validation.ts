import type { FieldErrors, Message } from './messages';

/**
 * The rules the API applies to a field (see backend/kompas/core/schemas.py): a form runs the same
 * checks before it sends, so most mistakes are shown without a round trip.
 */
export interface FieldRule {
  required?: boolean;
  maxLength?: number;
  minLength?: number;
  kind?: 'email' | 'url' | 'phone';
  /** For a date (`YYYY-MM-DD`): the earliest and latest allowed, inclusive. */
  minDate?: string;
  maxDate?: string;
  /** The text must match (as the API's `pattern`); `patternMessage` is the i18n key to show. */
  pattern?: RegExp;
  patternMessage?: string;
  /** A whole number within the range, inclusive (the API's `ge`/`le` on an integer). */
  integer?: { min: number; max: number };
}

export type Rules = Record<string, FieldRule>;

// The same patterns as the API's, so the client never accepts what the server refuses.
const PATTERNS = {
  email: /^[^@\s\0]+@[^@\s\0]+\.[^@\s\0]+$/,
  url: /^https?:\/\/[^\s\0]+$/,
  phone: /^[0-9+()\- ]{0,40}$/,
} as const;

/** Limits shared by several forms, as the API declares them. */
export const LIMITS = {
  name: 200,
  shortText: 500,
  longText: 10_000,
  email: 254,
  phone: 40,
  url: 2000,
  purposeStatement: 2000,
  password: 256,
  passwordMin: 12,
} as const;

export function checkField(value: unknown, rule: FieldRule): Message | null {
  const text = value == null ? '' : String(value);
  const trimmed = text.trim();
  if (trimmed === '') {
    return rule.required ? { key: 'validation.required' } : null;
  }
  if (rule.maxLength !== undefined && text.length > rule.maxLength) {
    return { key: 'validation.maxLength', params: { max: rule.maxLength } };
  }
  if (rule.minLength !== undefined && text.length < rule.minLength) {
    return { key: 'validation.minLength', params: { min: rule.minLength } };
  }
  if (rule.minDate !== undefined && trimmed < rule.minDate) {
    return { key: 'validation.minDate', params: { date: rule.minDate } };
  }
  if (rule.maxDate !== undefined && trimmed > rule.maxDate) {
    return { key: 'validation.maxDate', params: { date: rule.maxDate } };
  }
  if (rule.integer !== undefined) {
    const number = /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(number >= rule.integer.min && number <= rule.integer.max)) {
      return { key: 'validation.integer', params: { min: rule.integer.min, max: rule.integer.max } };
    }
  }
  if (rule.pattern !== undefined && !rule.pattern.test(trimmed)) {
    return { key: rule.patternMessage ?? 'validation.server.string_pattern_mismatch' };
  }
  if (rule.kind && !PATTERNS[rule.kind].test(rule.kind === 'phone' ? text : trimmed)) {
    return { key: `validation.${rule.kind}` };
  }
  return null;
}

/** Check every field of `values` that has a rule; the answer is keyed by field path. */
export function validate(values: Record<string, unknown>, rules: Rules): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, rule] of Object.entries(rules)) {
    const message = checkField(getPath(values, path), rule);
    if (message) errors[path] = message;
  }
  return errors;
}

/** Read `contacts.0.email` style paths. */
export function getPath(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Rules for each item of a list field, expanded to `list.0.field` paths. */
export function listRules(name: string, count: number, itemRules: Rules): Rules {
  const rules: Rules = {};
  for (let index = 0; index < count; index += 1) {
    for (const [field, rule] of Object.entries(itemRules)) {
      rules[`${name}.${index}.${field}`] = rule;
    }
  }
  return rules;
}

/** Empty optional text becomes null where the API wants null rather than "". */
export function emptyToNull(value: string): string | null {
  return value.trim() === '' ? null : value.trim();
}
