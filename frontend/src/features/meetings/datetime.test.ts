import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './datetime';

// These tests pin the zone the conversions run in: Amsterdam, with summer and winter time.
const previous = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Amsterdam';
});
afterAll(() => {
  process.env.TZ = previous;
});

describe('datetime-local ↔ RFC 3339', () => {
  it('sends the local time with its offset, summer and winter', () => {
    expect(fromLocalInput('2026-06-01T09:30')).toBe('2026-06-01T09:30:00+02:00');
    expect(fromLocalInput('2026-01-15T14:00')).toBe('2026-01-15T14:00:00+01:00');
  });

  it('refuses empty and impossible values', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('morgen')).toBeNull();
    expect(fromLocalInput('2026-02-30T10:00')).toBeNull();
  });

  it('shows a moment of the API in local time', () => {
    expect(toLocalInput('2026-06-01T07:30:00Z')).toBe('2026-06-01T09:30');
    expect(toLocalInput('2026-01-15T13:00:00+00:00')).toBe('2026-01-15T14:00');
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('nonsense')).toBe('');
  });

  it('round-trips', () => {
    const sent = fromLocalInput('2026-10-25T01:15')!;
    expect(toLocalInput(sent)).toBe('2026-10-25T01:15');
    expect(new Date(fromLocalInput('2026-03-10T08:00')!).toISOString()).toBe('2026-03-10T07:00:00.000Z');
  });
});
