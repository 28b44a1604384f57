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
  all: ['questions'] as const,
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

export type QuestionCreate = Schemas['QuestionCreate'];
export type QuestionUpdate = Schemas['QuestionUpdate'];

export const readQuestion = (id: string) => withEtag(api.GET('/questions/{questionId}', { params: { path: { questionId: id } } }));

export const createQuestion = (body: QuestionCreate) => unwrap(api.POST('/questions', { body }));

export const updateQuestion = (id: string, body: QuestionUpdate, etag: string | null) =>
  withEtag(api.PATCH('/questions/{questionId}', { params: { path: { questionId: id }, header: { 'If-Match': etag ?? '' } }, body }));

export const deleteQuestion = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/questions/{questionId}', { params: { path: { questionId: id }, header: { 'If-Match': etag ?? '' } } }));

/** Change one's contribution: read first for its ETag, then PATCH with If-Match. */
export async function updateContribution(questionId: string, contributionId: string, body: Schemas['ContributionUpdate']) {
  const path = { questionId, contributionId };
  const { etag } = await withEtag(api.GET('/questions/{questionId}/contributions/{contributionId}', { params: { path } }));
  return unwrap(api.PATCH('/questions/{questionId}/contributions/{contributionId}', { params: { path, header: { 'If-Match': etag ?? '' } }, body }));
}

export async function deleteContribution(questionId: string, contributionId: string) {
  const path = { questionId, contributionId };
  const { etag } = await withEtag(api.GET('/questions/{questionId}/contributions/{contributionId}', { params: { path } }));
  return withEtag(api.DELETE('/questions/{questionId}/contributions/{contributionId}', { params: { path, header: { 'If-Match': etag ?? '' } } }));
}
