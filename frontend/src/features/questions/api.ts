import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Question = Schemas['QuestionRead'];
export type QuestionStatus = Schemas['QuestionRead']['status'];
export type Contribution = Schemas['ContributionRead'];
export type ContributionKind = Schemas['ContributionRead']['kind'];

export const QUESTION_STATUSES: QuestionStatus[] = ['open', 'investigating', 'answered', 'closed'];
export const CONTRIBUTION_KINDS: ContributionKind[] = ['observation', 'data', 'proposal'];
export const QUESTION_SORTS = ['-updatedAt', 'title', 'status', '-createdAt'] as const;

export interface QuestionFilters {
  q?: string;
  status?: QuestionStatus;
  stalled?: boolean;
  sort?: string;
}

export const questionKeys = {
  list: (filters: QuestionFilters) => ['questions', 'list', filters] as const,
  one: (id: string) => ['questions', id] as const,
  contributions: (id: string) => ['questions', id, 'contributions'] as const,
};

const PAGE_SIZE = 25;

export function useQuestions(filters: QuestionFilters) {
  return usePagedList(questionKeys.list(filters), (cursor) =>
    unwrap(
      api.GET('/questions', {
        params: {
          query: {
            limit: PAGE_SIZE,
            cursor,
            q: filters.q || undefined,
            status: filters.status,
            stalled: filters.stalled ? true : undefined,
            sort: filters.sort || undefined,
          },
        },
      }),
    ),
  );
}

export function useQuestion(id: string) {
  return useQuery({
    queryKey: questionKeys.one(id),
    queryFn: () => withEtag(api.GET('/questions/{questionId}', { params: { path: { questionId: id } } })),
  });
}

export function useContributions(questionId: string) {
  return usePagedList(questionKeys.contributions(questionId), (cursor) =>
    unwrap(
      api.GET('/questions/{questionId}/contributions', {
        params: { path: { questionId }, query: { limit: 100, cursor } },
      }),
    ),
  );
}

export const addContribution = (questionId: string, body: Schemas['ContributionCreate']) =>
  unwrap(api.POST('/questions/{questionId}/contributions', { params: { path: { questionId } }, body }));
