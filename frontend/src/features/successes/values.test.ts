import { describe, expect, it } from 'vitest';
import { mayChangeSuccess, mayWithdrawEndorsement } from './api';
import { emptySuccess, toSuccessBody } from './values';

describe('the success form', () => {
  it('starts with a partner’s own party, and sends no link as null', () => {
    expect(emptySuccess('woonstede').partyIds).toEqual(['woonstede']);
    const body = toSuccessBody({ ...emptySuccess(null), title: ' Minder uitzettingen ', achievedOn: '2026-03-01', evidenceUrl: '  ' });
    expect(body).toMatchObject({ title: 'Minder uitzettingen', achievedOn: '2026-03-01', evidenceUrl: null, partyIds: [] });
  });

  it('lets partners change only successes that list their party, and withdraw only their own endorsement', () => {
    const partner = { role: 'partner' as const, partyId: 'woonstede' };
    expect(mayChangeSuccess(partner, { partyIds: ['woonstede'] })).toBe(true);
    expect(mayChangeSuccess(partner, { partyIds: ['jeugd'] })).toBe(false);
    expect(mayChangeSuccess({ role: 'viewer' }, null)).toBe(false);
    expect(mayWithdrawEndorsement(partner, { partyId: 'woonstede' })).toBe(true);
    expect(mayWithdrawEndorsement(partner, { partyId: 'jeugd' })).toBe(false);
    expect(mayWithdrawEndorsement({ role: 'coordinator' }, { partyId: 'jeugd' })).toBe(true);
  });
});
