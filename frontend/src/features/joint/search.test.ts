import { describe, expect, it } from 'vitest';
import { resultPath } from './search';

describe('search results', () => {
  it('link to the page of their kind', () => {
    expect(resultPath({ kind: 'agenda-item', id: 'a' })).toBe('/agenda/a');
    expect(resultPath({ kind: 'question', id: 'q' })).toBe('/questions/q');
    expect(resultPath({ kind: 'success', id: 's' })).toBe('/successes/s');
    expect(resultPath({ kind: 'meeting', id: 'm' })).toBe('/meetings/m');
  });
});
