import { describe, expect, it } from 'vitest';
import { checkField } from '../../lib/validation';
import { emptyExperience, filtersFromParams, isFiltered, parseTags, TAGS_PATTERN, toExperienceBody, toExperienceValues } from './values';
import type { Experience } from './api';

const rule = { pattern: TAGS_PATTERN, patternMessage: 'experiences.tagsInvalid' };

describe('tags', () => {
  it('are trimmed, in lower case and each once, as the API stores them', () => {
    expect(parseTags(' Schulden, huisbezoek ,SCHULDEN,, Wijk   team ')).toEqual(['schulden', 'huisbezoek', 'wijk team']);
    expect(parseTags('')).toEqual([]);
  });

  it('allow at most twenty of at most forty characters', () => {
    expect(checkField(Array.from({ length: 20 }, (_, i) => `t${i}`).join(', '), rule)).toBeNull();
    expect(checkField(Array.from({ length: 21 }, (_, i) => `t${i}`).join(', '), rule)).toEqual({ key: 'experiences.tagsInvalid' });
    expect(checkField(`  ${'x'.repeat(40)}  , kort`, rule)).toBeNull();
    expect(checkField('x'.repeat(41), rule)).toEqual({ key: 'experiences.tagsInvalid' });
    expect(checkField('', rule)).toBeNull();
  });
});

describe('the form', () => {
  it('starts with the partner’s own party and sends what the API expects', () => {
    const values = { ...emptyExperience('party-woon'), title: '  Samen op huisbezoek ', tags: 'Huisbezoek, schulden' };
    expect(toExperienceBody(values)).toEqual({
      title: 'Samen op huisbezoek',
      situation: '',
      whatWasDone: '',
      whatWasLearned: '',
      tip: '',
      tags: ['huisbezoek', 'schulden'],
      phaseId: null,
      visibility: 'organisation',
      partyIds: ['party-woon'],
      agendaItemIds: [],
      questionIds: [],
      successIds: [],
    });
  });

  it('reads an experience back into the same values', () => {
    const experience = {
      id: 'e1',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      title: 'Geleerd',
      situation: 's',
      whatWasDone: 'd',
      whatWasLearned: 'l',
      tip: 't',
      tags: ['a', 'b'],
      phaseId: 'p1',
      visibility: 'partners',
      authorId: 'u1',
      authorName: 'Sanne',
      partyIds: ['x'],
      agendaItemIds: [],
      questionIds: ['q'],
      successIds: [],
    } satisfies Experience;
    const values = toExperienceValues(experience);
    expect(values.tags).toBe('a, b');
    expect(values.authorId).toBe('u1');
    expect(toExperienceBody(values)).toMatchObject({ tags: ['a', 'b'], phaseId: 'p1', visibility: 'partners', questionIds: ['q'] });
  });
});

describe('the list filters', () => {
  it('come from the URL, leaving out what is no filter or no valid value', () => {
    const filters = filtersFromParams(new URLSearchParams('q=wijk&tag=schulden&visibility=private&sort=-createdAt&colour=red'));
    expect(filters).toEqual({ q: 'wijk', tag: 'schulden' });
    expect(isFiltered(filters)).toBe(true);
    expect(isFiltered(filtersFromParams(new URLSearchParams('sort=title')))).toBe(false);
    expect(filtersFromParams(new URLSearchParams('visibility=published')).visibility).toBe('published');
  });
});
