import { describe, expect, it } from 'vitest';
import { auditLink, changeRows, formatValue } from './audit';

describe('changeRows', () => {
  it('shows each changed field from → to, sorted by name', () => {
    expect(changeRows({ status: { from: 'open', to: 'met' }, description: { from: '', to: 'Nieuw' } })).toEqual([
      { field: 'description', secret: false, from: { key: 'audit.emptyValue' }, to: { text: 'Nieuw' } },
      { field: 'status', secret: false, from: { text: 'open' }, to: { text: 'met' } },
    ]);
  });

  it('never shows a secret, only that it changed', () => {
    expect(changeRows({ passwordHash: { changed: true } })).toEqual([
      { field: 'passwordHash', secret: true, from: { key: 'audit.hidden' }, to: { key: 'audit.hidden' } },
    ]);
  });

  it('copes with an empty or unexpected change', () => {
    expect(changeRows({})).toEqual([]);
    expect(changeRows({ name: 'Jeugd' })).toEqual([
      { field: 'name', secret: false, from: { key: 'audit.emptyValue' }, to: { text: 'Jeugd' } },
    ]);
  });
});

describe('formatValue', () => {
  it('says yes/no, joins lists and describes records in short', () => {
    expect(formatValue(true)).toEqual({ key: 'audit.yes' });
    expect(formatValue(false)).toEqual({ key: 'audit.no' });
    expect(formatValue(null)).toEqual({ key: 'audit.emptyValue' });
    expect(formatValue(['needs:read', 'people:read'])).toEqual({ text: 'needs:read, people:read' });
    expect(formatValue([{ name: 'Priya', role: 'Coördinator', email: null }])).toEqual({ text: 'Priya · Coördinator' });
    expect(formatValue([])).toEqual({ key: 'audit.emptyValue' });
    expect(formatValue(3)).toEqual({ text: '3' });
  });
});

describe('auditLink', () => {
  const id = '0b6f7c2e-1111-4222-8333-444455556666';
  it('links to the page of the record where there is one', () => {
    expect(auditLink({ resourceType: 'parties', resourceId: id, action: 'update' })).toBe(`/parties/${id}`);
    expect(auditLink({ resourceType: 'needs', resourceId: id, action: 'create' })).toBe(`/parties/needs/${id}/edit`);
    expect(auditLink({ resourceType: 'users', resourceId: id, action: 'update' })).toBe(`/admin/users/${id}/edit`);
  });

  it('does not link a deleted record, or one without a page', () => {
    expect(auditLink({ resourceType: 'parties', resourceId: id, action: 'delete' })).toBeNull();
    expect(auditLink({ resourceType: 'api-tokens', resourceId: id, action: 'create' })).toBeNull();
  });
});
