import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMeeting, endsBeforeStart, toMeetingBody, toMeetingValues } from './values';
import type { Meeting } from './api';

const previous = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Amsterdam';
});
afterAll(() => {
  process.env.TZ = previous;
});

describe('the meeting form', () => {
  it('sends local times as RFC 3339 with their offset, and nulls for no phase or work format', () => {
    const body = toMeetingBody({ ...emptyMeeting, title: '  Werksessie  ', startsAt: '2026-06-01T09:30', endsAt: '2026-06-01T12:00', successIds: ['s1'] });
    expect(body).toMatchObject({
      title: 'Werksessie',
      startsAt: '2026-06-01T09:30:00+02:00',
      endsAt: '2026-06-01T12:00:00+02:00',
      phaseId: null,
      workFormatId: null,
      successIds: ['s1'],
    });
  });

  it('reads a meeting back into local input values', () => {
    const meeting = { ...toMeetingBody(emptyMeeting), startsAt: '2026-01-15T13:00:00Z', endsAt: '2026-01-15T15:00:00Z', phaseId: null } as unknown as Meeting;
    const values = toMeetingValues(meeting);
    expect(values.startsAt).toBe('2026-01-15T14:00');
    expect(values.endsAt).toBe('2026-01-15T16:00');
    expect(values.phaseId).toBe('');
  });

  it('notices an end before (or at) the start', () => {
    expect(endsBeforeStart({ startsAt: '2026-06-01T10:00', endsAt: '2026-06-01T09:00' })).toBe(true);
    expect(endsBeforeStart({ startsAt: '2026-06-01T10:00', endsAt: '2026-06-01T10:00' })).toBe(true);
    expect(endsBeforeStart({ startsAt: '2026-06-01T10:00', endsAt: '2026-06-01T11:00' })).toBe(false);
    expect(endsBeforeStart({ startsAt: '', endsAt: '2026-06-01T11:00' })).toBe(false);
  });
});
