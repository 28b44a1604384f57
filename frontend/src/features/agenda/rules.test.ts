import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api';
import { ballState, HORIZON_PATTERN, mayChange, mayCreate, mayDecide, mayHandOver, mayWithdraw, needsReason, nextStatuses } from './rules';

const JEUGD = 'party-jeugd';
const WOONSTEDE = 'party-woonstede';
const GGD = 'party-ggd';

function item(overrides: Partial<Schemas['AgendaItemRead']> = {}): Schemas['AgendaItemRead'] {
  return {
    id: 'item-1',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    title: 'Schuldhulp bij de voordeur',
    description: '',
    horizon: '2026-Q3',
    phaseId: null,
    status: 'planned',
    statusReason: '',
    leadPartyId: JEUGD,
    ballHolderId: JEUGD,
    ballMovedAt: '2026-01-01T00:00:00Z',
    pendingHandoff: null,
    stalled: false,
    targetDate: null,
    progress: 0,
    driverIds: [],
    questionIds: [],
    successIds: [],
    meetingIds: [],
    experienceIds: [],
    participants: [],
    visibility: 'organisation',
    ...overrides,
  };
}

describe('status steps (as the API allows them)', () => {
  it('offers only the allowed next statuses', () => {
    expect(nextStatuses('idea')).toEqual(['planned', 'dropped']);
    expect(nextStatuses('planned')).toEqual(['in-progress', 'idea', 'dropped']);
    expect(nextStatuses('in-progress')).toEqual(['done', 'planned', 'dropped']);
    expect(nextStatuses('done')).toEqual(['in-progress']);
    expect(nextStatuses('dropped')).toEqual(['idea']);
  });

  it('never offers the current status or a jump straight to done', () => {
    for (const status of ['idea', 'planned', 'in-progress', 'done', 'dropped'] as const) {
      expect(nextStatuses(status)).not.toContain(status);
    }
    expect(nextStatuses('idea')).not.toContain('done');
  });

  it('asks a reason only for dropping', () => {
    expect(needsReason('dropped')).toBe(true);
    expect(needsReason('done')).toBe(false);
  });
});

describe('the ball', () => {
  it('lies with its holder, or is handed over but not accepted', () => {
    expect(ballState(item())).toEqual({ kind: 'held', holderId: JEUGD });
    const handed = item({ pendingHandoff: { id: 'h1', toPartyId: WOONSTEDE, note: '', createdAt: '2026-02-01T10:00:00Z' } });
    expect(ballState(handed)).toEqual({ kind: 'handed-over', holderId: JEUGD, toPartyId: WOONSTEDE, since: '2026-02-01T10:00:00Z' });
  });

  it('is handed over by the holder’s people or a coordinator, and not twice at once', () => {
    expect(mayHandOver({ role: 'member', partyId: JEUGD }, item())).toBe(true);
    expect(mayHandOver({ role: 'member', partyId: GGD }, item())).toBe(false);
    expect(mayHandOver({ role: 'coordinator', partyId: null }, item())).toBe(true);
    expect(mayHandOver({ role: 'viewer', partyId: JEUGD }, item())).toBe(false);
    const handed = item({ pendingHandoff: { id: 'h1', toPartyId: WOONSTEDE, note: '', createdAt: '2026-02-01T10:00:00Z' } });
    expect(mayHandOver({ role: 'coordinator', partyId: null }, handed)).toBe(false);
  });

  it('is accepted or declined only by the receiving party, withdrawn by the giver or a coordinator', () => {
    const handoff = { status: 'pending' as const, toPartyId: WOONSTEDE, fromPartyId: JEUGD };
    expect(mayDecide({ role: 'partner', partyId: WOONSTEDE }, handoff)).toBe(true);
    expect(mayDecide({ role: 'coordinator', partyId: null }, handoff)).toBe(false);
    expect(mayDecide({ role: 'member', partyId: JEUGD }, handoff)).toBe(false);
    expect(mayDecide({ role: 'partner', partyId: WOONSTEDE }, { ...handoff, status: 'accepted' })).toBe(false);
    expect(mayWithdraw({ role: 'member', partyId: JEUGD }, handoff)).toBe(true);
    expect(mayWithdraw({ role: 'admin', partyId: null }, handoff)).toBe(true);
    expect(mayWithdraw({ role: 'partner', partyId: WOONSTEDE }, handoff)).toBe(false);
  });
});

describe('who changes what', () => {
  it('lets contributors create; partners change only what their party leads, holds or takes part in', () => {
    expect(mayCreate({ role: 'member' })).toBe(true);
    expect(mayCreate({ role: 'partner', partyId: WOONSTEDE })).toBe(false);
    expect(mayChange({ role: 'partner', partyId: WOONSTEDE }, item())).toBe(false);
    expect(mayChange({ role: 'partner', partyId: WOONSTEDE }, item({ ballHolderId: WOONSTEDE }))).toBe(true);
    expect(mayChange({ role: 'partner', partyId: WOONSTEDE }, item({ participants: [{ partyId: WOONSTEDE, level: 'taking-part' }] }))).toBe(true);
    expect(mayChange({ role: 'partner', partyId: WOONSTEDE }, item({ participants: [{ partyId: WOONSTEDE, level: 'watching' }] }))).toBe(false);
    expect(mayChange({ role: 'viewer' }, item())).toBe(false);
  });
});

describe('horizon', () => {
  it('takes a year or a quarter, or nothing', () => {
    for (const ok of ['', '2027', '2027-Q1', '2027-Q4']) expect(HORIZON_PATTERN.test(ok)).toBe(true);
    for (const bad of ['27', '2027-Q5', '2027Q1', 'Q1-2027', '2027-q2']) expect(HORIZON_PATTERN.test(bad)).toBe(false);
  });
});
