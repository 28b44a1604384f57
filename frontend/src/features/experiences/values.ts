import type { Experience, ExperienceCreate, ExperienceFilters, ExperienceVisibility } from './api';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** The experience form's values, as typed. */
export interface ExperienceValues extends Record<string, unknown> {
  title: string;
  situation: string;
  whatWasDone: string;
  whatWasLearned: string;
  tip: string;
  tags: string; // comma-separated, as typed
  phaseId: string; // '' = none
  visibility: ExperienceVisibility;
  partyIds: string[];
  agendaItemIds: string[];
  questionIds: string[];
  successIds: string[];
  /** Who shared it (not sent: the server sets it); '' for a new one. */
  authorId: string;
}

export const emptyExperience = (partyId?: string | null): ExperienceValues => ({
  title: '',
  situation: '',
  whatWasDone: '',
  whatWasLearned: '',
  tip: '',
  tags: '',
  phaseId: '',
  visibility: 'organisation',
  partyIds: partyId ? [partyId] : [],
  agendaItemIds: [],
  questionIds: [],
  successIds: [],
  authorId: '',
});

/** Tags as the API stores them: trimmed, lower case, each once, in the order typed. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((tag) => tag.split(/\s+/).filter(Boolean).join(' ').toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

/**
 * The typed tags as the API allows them: at most 20, separated by commas, each at most 40
 * characters once trimmed (an empty one between two commas is left out).
 */
const TAG = `\\s*(?:[^,\\s](?:[^,]{0,${MAX_TAG_LENGTH - 2}}[^,\\s])?)?\\s*`;
export const TAGS_PATTERN = new RegExp(`^${TAG}(?:,${TAG}){0,${MAX_TAGS - 1}}$`);

export const toExperienceValues = (e: Experience): ExperienceValues => ({
  title: e.title,
  situation: e.situation,
  whatWasDone: e.whatWasDone,
  whatWasLearned: e.whatWasLearned,
  tip: e.tip,
  tags: e.tags.join(', '),
  phaseId: e.phaseId ?? '',
  visibility: e.visibility as ExperienceVisibility,
  partyIds: e.partyIds,
  agendaItemIds: e.agendaItemIds,
  questionIds: e.questionIds,
  successIds: e.successIds,
  authorId: e.authorId,
});

/** The body for the API (the same for a new experience and a change). */
export const toExperienceBody = (v: ExperienceValues): ExperienceCreate => ({
  title: v.title.trim(),
  situation: v.situation,
  whatWasDone: v.whatWasDone,
  whatWasLearned: v.whatWasLearned,
  tip: v.tip,
  tags: parseTags(v.tags),
  phaseId: v.phaseId || null,
  visibility: v.visibility,
  partyIds: v.partyIds,
  agendaItemIds: v.agendaItemIds,
  questionIds: v.questionIds,
  successIds: v.successIds,
});

const TEXT_FILTERS = ['q', 'tag', 'phaseId', 'partyId', 'authorId'] as const;
const VISIBILITIES: readonly string[] = ['organisation', 'partners', 'published'];

/** Read the filters from the URL, ignoring what is not a filter or not a valid value. */
export function filtersFromParams(params: URLSearchParams): ExperienceFilters {
  const filters: ExperienceFilters = {};
  for (const name of TEXT_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const visibility = params.get('visibility');
  if (visibility && VISIBILITIES.includes(visibility)) filters.visibility = visibility as ExperienceVisibility;
  const sort = params.get('sort')?.trim();
  if (sort && sort !== '-createdAt') filters.sort = sort;
  return filters;
}

/** Whether anything narrows the list (so an empty list means "no results", not "empty backpack"). */
export function isFiltered(filters: ExperienceFilters): boolean {
  return Boolean(filters.q || filters.tag || filters.phaseId || filters.partyId || filters.visibility || filters.authorId);
}

/** The day of an API moment (ISO date-time) in the reader's own time zone and locale. */
export function formatDay(moment: string, locale?: string): string {
  return new Date(moment).toLocaleDateString(locale);
}
