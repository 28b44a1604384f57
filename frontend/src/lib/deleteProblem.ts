import { ApiError } from '../api/problem';
import type { Message } from './messages';

/** What to tell the user when a delete (or revoke) was refused: our own words, and the API's detail. */
export interface DeleteProblem {
  message: Message;
  /** The API's own explanation (which records still refer to it), shown beneath ours. */
  detail: string | null;
}

export function deleteProblem(error: unknown): DeleteProblem {
  if (!(error instanceof ApiError)) return { message: { key: 'errors.network' }, detail: null };
  const detail = error.problem?.detail ?? null;
  switch (error.status) {
    case 409:
      return { message: { key: 'delete.conflict' }, detail };
    case 412:
      return { message: { key: 'delete.stale' }, detail: null };
    case 404:
      return { message: { key: 'delete.gone' }, detail: null };
    case 403:
      return { message: { key: 'errors.forbidden' }, detail: null };
    default:
      return { message: { key: 'errors.unexpected' }, detail };
  }
}
