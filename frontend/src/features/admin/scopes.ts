import type { Scope } from './api';

/** Every scope the API knows (the `Scope` enum of the spec), in its order. */
export const SCOPES: readonly Scope[] = [
  'parties:read',
  'parties:write',
  'departments:read',
  'departments:write',
  'partners:read',
  'partners:write',
  'people:read',
  'people:write',
  'needs:read',
  'needs:write',
  'purpose:read',
  'purpose:write',
  'drivers:read',
  'drivers:write',
  'phases:read',
  'phases:write',
  'work-formats:read',
  'work-formats:write',
];

export interface ScopeGroup {
  /** The collection, e.g. `needs` or `work-formats`. */
  collection: string;
  read?: string;
  write?: string;
}

/**
 * Scopes grouped per collection (`needs:read` and `needs:write` under `needs`), in the order the
 * collections first appear. A scope of another form (no `:`) gets a group of its own.
 */
export function groupScopes(scopes: readonly string[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const scope of scopes) {
    const at = scope.lastIndexOf(':');
    const collection = at > 0 ? scope.slice(0, at) : scope;
    const access = at > 0 ? scope.slice(at + 1) : '';
    const group = groups.get(collection) ?? { collection };
    if (access === 'read') group.read = scope;
    else if (access === 'write') group.write = scope;
    groups.set(collection, group);
  }
  return [...groups.values()];
}

/** A token's scopes in short: `needs (lezen, schrijven)` per collection, via the given labels. */
export function describeScopes(
  scopes: readonly string[],
  label: { collection: (name: string) => string; read: string; write: string },
): string {
  return groupScopes(scopes)
    .map((group) => {
      const access = [group.read && label.read, group.write && label.write].filter(Boolean).join(', ');
      return access ? `${label.collection(group.collection)} (${access})` : label.collection(group.collection);
    })
    .join('; ');
}

/** `YYYY-MM-DD` of a day `days` after `from`, in local time (what a date field shows). */
export function dateAfter(days: number, from = new Date()): string {
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The moment a token chosen to expire on `date` expires: the start of that day, local time. */
export function expiryMoment(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day).toISOString();
}
