import { describe, expect, it } from 'vitest';
import { colleaguesOnly, EMPTY, toBody, toValues } from './values';

const stored = {
  id: 'c1',
  authorId: 'u1',
  authorName: 'Anna',
  partyId: null,
  meaning: 'Samen',
  contribution: 'Netwerk',
  needs: 'Tijd',
  step: 'Bellen',
  stepDate: null,
  shared: false,
  mine: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('a commitment in the form', () => {
  it('starts private', () => {
    expect(EMPTY.shared).toBe(false);
    expect(toBody(EMPTY).shared).toBe(false);
  });

  it('sends no date as null and a date as it is', () => {
    expect(toBody(toValues(stored)).stepDate).toBeNull();
    expect(toBody({ ...toValues(stored), stepDate: '2026-04-01' }).stepDate).toBe('2026-04-01');
  });

  it('sends the whole commitment and nothing else', () => {
    expect(Object.keys(toBody(toValues(stored))).sort()).toEqual(['contribution', 'meaning', 'needs', 'shared', 'step', 'stepDate']);
  });

  it('lists only colleagues among the shared ones', () => {
    expect(colleaguesOnly([stored, { ...stored, id: 'c2', mine: false }]).map((c) => c.id)).toEqual(['c2']);
  });
});
