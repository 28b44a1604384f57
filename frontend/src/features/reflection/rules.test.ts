import { describe, expect, it } from 'vitest';
import { formatNumber, keyFor, mayRun, orderRounds, responsePercent, shares } from './rules';
import { pointIn, trendColumns } from './trends';
import { toCreateBody, toUpdateBody, withKeys, type RoundValues } from './values';

describe('who runs rounds', () => {
  it('is the core team only', () => {
    expect(mayRun('admin')).toBe(true);
    expect(mayRun('coordinator')).toBe(true);
    for (const role of ['member', 'partner', 'viewer', undefined] as const) expect(mayRun(role)).toBe(false);
  });
});

describe('the rounds list', () => {
  it('puts open rounds first, the ones still to answer before the rest, then drafts, then closed', () => {
    const rounds = [
      { id: 'closed', status: 'closed', mayAnswer: false },
      { id: 'open-answered', status: 'open', mayAnswer: false },
      { id: 'draft', status: 'draft', mayAnswer: false },
      { id: 'open-to-answer', status: 'open', mayAnswer: true },
    ] as const;
    expect(orderRounds(rounds).map((r) => r.id)).toEqual(['open-to-answer', 'open-answered', 'draft', 'closed']);
  });

  it('gives the response rate as a whole percentage, and none when nobody is invited', () => {
    expect(responsePercent({ invited: 3, answered: 2 })).toBe(67);
    expect(responsePercent({ invited: 0, answered: 0 })).toBeNull();
  });
});

describe('figures', () => {
  it('shows a mean with a decimal comma in Dutch and a sign on a rise', () => {
    expect(formatNumber(3.5, 'nl')).toBe('3,5');
    expect(formatNumber(0.25, 'en', true)).toBe('+0.25');
    expect(formatNumber(-0.5, 'en', true)).toBe('-0.5');
  });

  it('turns a distribution into shares', () => {
    expect(shares([1, 1, 2, 0, 0])).toEqual([25, 25, 50, 0, 0]);
    expect(shares([0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('keys of new statements', () => {
  it('are kebab-case from the Dutch text, unique, as the API wants them', () => {
    expect(keyFor('Wij delen informatie op tijd!', [])).toBe('wij-delen-informatie-op-tijd');
    expect(keyFor('Één doel', ['een-doel'])).toBe('een-doel-2');
    expect(keyFor('123', [])).toBe('item');
    expect(keyFor('x'.repeat(80), []).length).toBeLessThanOrEqual(50);
    for (const key of [keyFor('Wat gaat goed?', []), keyFor('  -- a b --', [])]) expect(key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('keep the keys statements have, so trends follow them', () => {
    const items = withKeys([
      { key: 'trust', textNl: ' Vertrouwen ', textEn: '' },
      { key: '', textNl: 'Vertrouwen', textEn: 'Trust' },
    ]);
    expect(items.map((i) => i.key)).toEqual(['trust', 'vertrouwen']);
    expect(items[0].textNl).toBe('Vertrouwen');
  });
});

describe('the round form', () => {
  const values: RoundValues = {
    title: ' Najaar ',
    opensOn: '2026-12-01',
    closesOn: '2026-12-14',
    partyIds: ['p'],
    statements: [{ key: '', textNl: 'Nieuw', textEn: '' }],
    questions: [],
    status: 'draft',
  };

  it('creates without statements, so the API gives the default set', () => {
    expect(toCreateBody({ ...values, status: 'new' })).toEqual({ title: 'Najaar', opensOn: '2026-12-01', closesOn: '2026-12-14', partyIds: ['p'] });
  });

  it('sends everything for a draft, and only title and last day once open', () => {
    expect(toUpdateBody(values)).toMatchObject({ partyIds: ['p'], statements: [{ key: 'nieuw', textNl: 'Nieuw', textEn: '' }], questions: [] });
    expect(toUpdateBody({ ...values, status: 'open' })).toEqual({ title: 'Najaar', closesOn: '2026-12-14' });
  });
});

describe('trend tables', () => {
  const point = (roundId: string, closesOn: string) => ({ roundId, title: roundId, closesOn, answered: 5, mean: 3, change: null, suppressed: false, reason: null });
  it('have a column per round, oldest first, and leave a cell empty where a round did not ask the statement', () => {
    const group = {
      partyId: null,
      statements: [
        { key: 'a', textNl: 'A', textEn: 'A', points: [point('r2', '2026-06-01'), point('r1', '2026-03-01')] },
        { key: 'b', textNl: 'B', textEn: 'B', points: [point('r3', '2026-09-01')] },
      ],
    };
    expect(trendColumns(group).map((c) => c.roundId)).toEqual(['r1', 'r2', 'r3']);
    expect(pointIn(group.statements[1], 'r1')).toBeUndefined();
    expect(pointIn(group.statements[0], 'r1')?.closesOn).toBe('2026-03-01');
  });
});
