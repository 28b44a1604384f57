import { describe, expect, it } from 'vitest';
import { checkField } from '../../lib/validation';
import { HORIZON_PATTERN } from './rules';
import { toBody, type AgendaValues } from './values';

const values: AgendaValues = {
  title: '  Wijkaanpak jongeren 18-  ',
  description: '',
  horizon: '2027 ',
  phaseId: '',
  status: 'planned',
  leadPartyId: 'jeugd',
  ballHolderId: '',
  targetDate: '',
  progress: '40',
  driverIds: ['d1'],
  questionIds: [],
  participants: [{ partyId: 'woonstede', level: 'taking-part' }],
  visibility: 'partners',
};

describe('the agenda item form', () => {
  it('sends a new item with its start status, the ball with the lead party when none is chosen', () => {
    expect(toBody(values, true)).toEqual({
      title: 'Wijkaanpak jongeren 18-',
      description: '',
      horizon: '2027',
      phaseId: null,
      leadPartyId: 'jeugd',
      targetDate: null,
      progress: 40,
      driverIds: ['d1'],
      questionIds: [],
      participants: [{ partyId: 'woonstede', level: 'taking-part' }],
      visibility: 'partners',
      status: 'planned',
    });
    expect(toBody({ ...values, ballHolderId: 'ggd' }, true).ballHolderId).toBe('ggd');
  });

  it('never sends status or ball holder with a change: those move through their own steps', () => {
    const body = toBody({ ...values, ballHolderId: 'ggd' }, false);
    expect(body).not.toHaveProperty('status');
    expect(body).not.toHaveProperty('ballHolderId');
  });

  it('checks progress and horizon as the API does', () => {
    const progress = { integer: { min: 0, max: 100 } };
    expect(checkField('100', progress)).toBeNull();
    expect(checkField('101', progress)).toEqual({ key: 'validation.integer', params: { min: 0, max: 100 } });
    expect(checkField('4.5', progress)).toEqual({ key: 'validation.integer', params: { min: 0, max: 100 } });
    expect(checkField('veel', progress)).not.toBeNull();
    const horizon = { pattern: HORIZON_PATTERN, patternMessage: 'agenda.horizonFormat' };
    expect(checkField('2027-Q2', horizon)).toBeNull();
    expect(checkField('volgend jaar', horizon)).toEqual({ key: 'agenda.horizonFormat' });
  });
});
