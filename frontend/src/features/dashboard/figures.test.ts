import { describe, expect, it } from 'vitest';
import { clarityRows, participationRows, reflectionRows } from './figures';

describe('dashboard figures', () => {
  it('puts every level of a party in one row, absent levels at 0', () => {
    const rows = participationRows([
      { partyId: 'a', partyName: 'Jeugd', level: 'watching', count: 2 },
      { partyId: 'a', partyName: 'Jeugd', level: 'taking-part', count: 1 },
      { partyId: 'b', partyName: 'GGD', level: 'thinking-along', count: 3 },
    ]);
    expect(rows).toEqual([
      { label: 'Jeugd', watching: 2, 'thinking-along': 0, 'taking-part': 1 },
      { label: 'GGD', watching: 0, 'thinking-along': 3, 'taking-part': 0 },
    ]);
  });

  it('orders snapshots of every map by moment, a column per map, a row per moment', () => {
    const snapshot = (takenAt: string, clarity: number) => ({ snapshotId: takenAt, label: 'x', takenAt, clarity, findings: 0 });
    const { rows, series } = clarityRows(
      [
        { roleMapId: 'm1', title: 'Schulden', snapshots: [snapshot('2026-01-10T10:00:00Z', 0.35), snapshot('2026-01-10T16:00:00Z', 0.45), snapshot('2026-03-01T10:00:00Z', 0.8)] },
        { roleMapId: 'm2', title: 'Jeugd', snapshots: [snapshot('2026-02-01T10:00:00Z', 0.5)] },
      ],
      (iso) => iso.slice(0, 10),
    );
    expect(series).toEqual([
      { key: 'map0', name: 'Schulden' },
      { key: 'map1', name: 'Jeugd' },
    ]);
    expect(rows).toEqual([
      { label: '2026-01-10', map0: 35, map1: null },
      { label: '2026-01-10', map0: 45, map1: null },
      { label: '2026-02-01', map0: null, map1: 50 },
      { label: '2026-03-01', map0: 80, map1: null },
    ]);
  });

  it('keeps a suppressed mean as null, never as 0', () => {
    const point = (roundId: string, closesOn: string, mean: number | null) => ({
      roundId,
      title: roundId,
      closesOn,
      answered: mean === null ? null : 9,
      mean,
      change: null,
      suppressed: mean === null,
      reason: mean === null ? ('too-few-answers' as const) : null,
    });
    const { rows, series } = reflectionRows(
      [{ key: 'trust', textNl: 'Vertrouwen', textEn: 'Trust', points: [point('Q2', '2026-06-30', null), point('Q1', '2026-03-31', 3.5)] }],
      'en',
    );
    expect(series).toEqual([{ key: 's0', name: 'Trust' }]);
    expect(rows.map((r) => [r.label, r.s0])).toEqual([
      ['Q1', 3.5],
      ['Q2', null],
    ]);
  });
});
