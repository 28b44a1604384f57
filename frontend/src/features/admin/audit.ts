import type { Message } from '../../lib/messages';
import type { AuditEvent } from './api';

/** The collections the audit trail names (`resourceType`), for the filter. */
export const RESOURCE_TYPES = [
  'parties',
  'people',
  'needs',
  'purposes',
  'drivers',
  'phases',
  'work-formats',
  'users',
  'api-tokens',
] as const;

export interface ChangeRow {
  field: string;
  /** A secret (a password hash, a token hash): only that it changed, never the value. */
  secret: boolean;
  from: Message;
  to: Message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value of a change in words: empty as "—", yes/no, lists joined, records in short. */
export function formatValue(value: unknown): Message {
  if (value === null || value === undefined || value === '') return { key: 'audit.emptyValue' };
  if (typeof value === 'boolean') return { key: value ? 'audit.yes' : 'audit.no' };
  if (typeof value === 'string' || typeof value === 'number') return { text: String(value) };
  if (Array.isArray(value)) {
    if (value.length === 0) return { key: 'audit.emptyValue' };
    return { text: value.map((item) => (isRecord(item) ? describeRecord(item) : String(item))).join(', ') };
  }
  if (isRecord(value)) return { text: describeRecord(value) };
  return { text: JSON.stringify(value) };
}

// A contact and the like: its non-empty values, the first (its name) first.
function describeRecord(record: Record<string, unknown>): string {
  const parts = Object.values(record).filter((v) => v !== null && v !== undefined && v !== '');
  return parts.length === 0 ? '—' : parts.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' · ');
}

/**
 * The changed fields of an event as rows "field: from → to", sorted by field name. The API gives
 * `{"from": …, "to": …}` per field, and only `{"changed": true}` for secrets.
 */
export function changeRows(changes: AuditEvent['changes']): ChangeRow[] {
  return Object.entries(changes ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, change]) => {
      if (isRecord(change) && 'changed' in change && !('from' in change) && !('to' in change)) {
        return { field, secret: true, from: { key: 'audit.hidden' }, to: { key: 'audit.hidden' } };
      }
      if (isRecord(change) && ('from' in change || 'to' in change)) {
        return { field, secret: false, from: formatValue(change.from), to: formatValue(change.to) };
      }
      return { field, secret: false, from: { key: 'audit.emptyValue' }, to: formatValue(change) };
    });
}

/** Where the record of an event can be seen in the app; null when it has no page (or is gone). */
export function auditLink(event: Pick<AuditEvent, 'resourceType' | 'resourceId' | 'action'>): string | null {
  if (event.action === 'delete') return null;
  const id = event.resourceId;
  switch (event.resourceType) {
    case 'parties':
      return `/parties/${id}`;
    case 'people':
      return `/parties/people/${id}/edit`;
    case 'needs':
      return `/parties/needs/${id}/edit`;
    case 'purposes':
      return '/compass';
    case 'drivers':
      return `/compass/drivers/${id}/edit`;
    case 'phases':
      return `/compass/phases/${id}/edit`;
    case 'work-formats':
      return `/compass/work-formats/${id}/edit`;
    case 'users':
      return `/admin/users/${id}/edit`;
    default:
      return null;
  }
}
