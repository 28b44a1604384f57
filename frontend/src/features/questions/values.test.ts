import { describe, expect, it } from 'vitest';
import { mayEditContribution, needsFindings, nextQuestionStatuses } from './rules';
import { emptyQuestion, toQuestionBody } from './values';

describe('the question form', () => {
  const values = {
    ...emptyQuestion,
    title: '  Waarom vallen jongeren tussen wal en schip?  ',
    leadPartyId: 'jeugd',
    ballHolderId: '',
    participants: [{ partyId: 'woonstede', level: 'taking-part' as const }],
  };

  it('creates with a start status, and the lead holds the ball unless another is chosen', () => {
    const body = toQuestionBody(values, true);
    expect(body).toMatchObject({ title: 'Waarom vallen jongeren tussen wal en schip?', status: 'open', phaseId: null, leadPartyId: 'jeugd' });
    expect(body).not.toHaveProperty('ballHolderId');
    expect(toQuestionBody({ ...values, ballHolderId: 'ggd' }, true)).toMatchObject({ ballHolderId: 'ggd' });
  });

  it('changes without status or ball holder (those move through their own steps)', () => {
    const body = toQuestionBody(values, false);
    expect(body).not.toHaveProperty('status');
    expect(body).not.toHaveProperty('ballHolderId');
    expect(body.participants).toEqual([{ partyId: 'woonstede', level: 'taking-part' }]);
  });
});

describe('question rules', () => {
  it('offers the steps of the service, findings needed when answered', () => {
    expect(nextQuestionStatuses('open')).toEqual(['investigating', 'closed']);
    expect(nextQuestionStatuses('investigating')).toEqual(['answered', 'open']);
    expect(nextQuestionStatuses('closed')).toEqual(['open']);
    expect(needsFindings('answered')).toBe(true);
    expect(needsFindings('closed')).toBe(false);
  });

  it('lets the contributing party or a coordinator change a contribution', () => {
    expect(mayEditContribution({ role: 'partner', partyId: 'woonstede' }, { partyId: 'woonstede' })).toBe(true);
    expect(mayEditContribution({ role: 'member', partyId: 'jeugd' }, { partyId: 'woonstede' })).toBe(false);
    expect(mayEditContribution({ role: 'coordinator', partyId: null }, { partyId: 'woonstede' })).toBe(true);
    expect(mayEditContribution({ role: 'viewer', partyId: 'woonstede' }, { partyId: 'woonstede' })).toBe(false);
  });
});
