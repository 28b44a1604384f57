import { describe, expect, it } from 'vitest';
import { moveChanges } from './reorder';

const items = [
  { id: 'a', position: 0 },
  { id: 'b', position: 10 },
  { id: 'c', position: 20 },
];

describe('moveChanges', () => {
  it('swaps the positions of two neighbours', () => {
    expect(moveChanges(items, 1, -1)).toEqual([
      { id: 'b', position: 0 },
      { id: 'a', position: 10 },
    ]);
    expect(moveChanges(items, 1, 1)).toEqual([
      { id: 'b', position: 20 },
      { id: 'c', position: 10 },
    ]);
  });

  it('does nothing past either end', () => {
    expect(moveChanges(items, 0, -1)).toEqual([]);
    expect(moveChanges(items, 2, 1)).toEqual([]);
  });

  it('numbers anew when positions are shared, changing only what moves', () => {
    const tied = [
      { id: 'a', position: 0 },
      { id: 'b', position: 1 },
      { id: 'c', position: 1 },
    ];
    // a, c, b numbered 0, 1, 2: only b moves.
    expect(moveChanges(tied, 2, -1)).toEqual([{ id: 'b', position: 2 }]);
  });
});
