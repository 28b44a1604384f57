import { describe, expect, it } from 'vitest';
import { mayEndorse } from './api';

const endorsement = { id: 'e1', partyId: 'ggd', endorsedBy: 'Ali', comment: '', createdAt: '2026-01-01T00:00:00Z' };

describe('endorsing a success', () => {
  it('is for a party the success names, once', () => {
    const success = { partyIds: ['jeugd', 'ggd'], endorsements: [endorsement] };
    expect(mayEndorse({ partyId: 'jeugd' }, success)).toBe(true);
    expect(mayEndorse({ partyId: 'ggd' }, success)).toBe(false);
    expect(mayEndorse({ partyId: 'uwv' }, success)).toBe(false);
    expect(mayEndorse({ partyId: null }, success)).toBe(false);
  });
});
