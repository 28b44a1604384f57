import { describe, expect, it } from 'vitest';
import { dateAfter, describeScopes, expiryMoment, groupScopes, SCOPES } from './scopes';

describe('groupScopes', () => {
  it('puts read and write of each collection together, in the order of the spec', () => {
    const groups = groupScopes(SCOPES);
    expect(groups).toHaveLength(9);
    expect(groups[0]).toEqual({ collection: 'parties', read: 'parties:read', write: 'parties:write' });
    expect(groups.at(-1)).toEqual({ collection: 'work-formats', read: 'work-formats:read', write: 'work-formats:write' });
  });

  it('keeps a collection with only one of the two, and odd scopes apart', () => {
    expect(groupScopes(['needs:write', 'people:read', 'needs:read', 'odd'])).toEqual([
      { collection: 'needs', write: 'needs:write', read: 'needs:read' },
      { collection: 'people', read: 'people:read' },
      { collection: 'odd' },
    ]);
  });

  it('describes a token in words', () => {
    const label = { collection: (name: string) => name.toUpperCase(), read: 'lezen', write: 'schrijven' };
    expect(describeScopes(['needs:read', 'needs:write', 'people:read'], label)).toBe('NEEDS (lezen, schrijven); PEOPLE (lezen)');
  });
});

describe('expiry dates', () => {
  it('counts days in local time, across month ends', () => {
    expect(dateAfter(90, new Date(2026, 0, 15, 23, 30))).toBe('2026-04-15');
    expect(dateAfter(1, new Date(2026, 1, 28, 8))).toBe('2026-03-01');
  });

  it('expires at the start of the chosen day', () => {
    expect(new Date(expiryMoment('2026-04-15')).getTime()).toBe(new Date(2026, 3, 15).getTime());
  });
});
