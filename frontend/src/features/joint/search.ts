import type { Schemas } from '../../api';

const PAGES: Record<Schemas['SearchResult']['kind'], string> = {
  'agenda-item': 'agenda',
  question: 'questions',
  success: 'successes',
  meeting: 'meetings',
  experience: 'experiences',
};

/** The web app's page of a search result (the API's `url` is the API resource, not the page). */
export const resultPath = (result: Pick<Schemas['SearchResult'], 'kind' | 'id'>) => `/${PAGES[result.kind]}/${result.id}`;
