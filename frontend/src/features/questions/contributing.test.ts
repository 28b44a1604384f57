import { describe, expect, it } from 'vitest';
import { contributionParties, involvedParties } from './contributing';

const question = {
  leadPartyId: 'jeugd',
  ballHolderId: 'jeugd',
  participants: [{ partyId: 'woonstede', level: 'thinking-along' as const }],
  pendingHandoff: { id: 'h', toPartyId: 'ggd', note: '', createdAt: '2026-01-01T00:00:00Z' },
};

describe('contributing to a question', () => {
  it('involves the lead, the ball holder, participants and the party being handed the ball, once each', () => {
    expect(involvedParties(question)).toEqual(['jeugd', 'woonstede', 'ggd']);
  });

  it('lets members and partners contribute for their own involved party, coordinators for any involved one', () => {
    expect(contributionParties({ role: 'partner', partyId: 'woonstede' }, question)).toEqual(['woonstede']);
    expect(contributionParties({ role: 'partner', partyId: 'uwv' }, question)).toEqual([]);
    expect(contributionParties({ role: 'coordinator', partyId: null }, question)).toEqual(['jeugd', 'woonstede', 'ggd']);
    expect(contributionParties({ role: 'viewer', partyId: 'jeugd' }, question)).toEqual([]);
  });
});
