import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams, isFiltered } from './filters';

describe('agenda filters ↔ URL', () => {
  it('reads every filter, search and sort from the URL', () => {
    const params = new URLSearchParams('q=schuld&status=in-progress&phaseId=p1&leadPartyId=a&ballHolderId=b&stalled=true&sort=title');
    expect(filtersFromParams(params)).toEqual({
      q: 'schuld',
      status: 'in-progress',
      phaseId: 'p1',
      leadPartyId: 'a',
      ballHolderId: 'b',
      stalled: true,
      sort: 'title',
    });
  });

  it('ignores an unknown status, empty values and the default sort', () => {
    expect(filtersFromParams(new URLSearchParams('status=finished&q=%20&stalled=yes&sort=-updatedAt'))).toEqual({});
  });

  it('writes only what is set, and reads back the same', () => {
    const filters = { q: ' jongeren ', stalled: true, ballHolderId: 'x', sort: '-updatedAt' };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe('q=jongeren&ballHolderId=x&stalled=true');
    expect(filtersFromParams(params)).toEqual({ q: 'jongeren', ballHolderId: 'x', stalled: true });
  });

  it('knows whether the list is narrowed', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ sort: 'title' })).toBe(false);
    expect(isFiltered({ stalled: true })).toBe(true);
  });
});
