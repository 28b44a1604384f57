import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Round = Schemas['ReflectionRoundRead'];
/** A round as the list carries it: counts and totals instead of the parties, texts and per-party figures. */
export type RoundSummary = Schemas['ReflectionRoundSummary'];
export type RoundCreate = Schemas['ReflectionRoundCreate'];
export type RoundUpdate = Schemas['ReflectionRoundUpdate'];
export type RoundStatus = Schemas['RoundStatus'];
export type Item = Schemas['ItemRead'];
export type AnswerBody = Schemas['ReflectionAnswerCreate'];
export type Results = Schemas['ReflectionResults'];
export type ResultGroup = Schemas['ResultGroup'];
export type Trends = Schemas['ReflectionTrends'];

export const roundKeys = {
  all: ['reflection-rounds'] as const,
  list: (filters: { status?: string }) => ['reflection-rounds', 'list', filters] as const,
  one: (id: string) => ['reflection-rounds', id] as const,
  results: (id: string) => ['reflection-rounds', id, 'results'] as const,
  trends: (partyId: string) => ['reflection-rounds', 'trends', partyId] as const,
};

export function useRounds(filters: { status?: string }) {
  return usePagedList(roundKeys.list(filters), (cursor) =>
    unwrap(
      api.GET('/reflection-rounds', {
        params: { query: { limit: 50, cursor, status: (filters.status || undefined) as RoundStatus | undefined } },
      }),
    ),
  );
}

export const readRound = (id: string) => withEtag(api.GET('/reflection-rounds/{roundId}', { params: { path: { roundId: id } } }));

export function useRound(id: string) {
  return useQuery({ queryKey: roundKeys.one(id), queryFn: () => readRound(id) });
}

export function useResults(id: string, enabled: boolean) {
  return useQuery({
    queryKey: roundKeys.results(id),
    queryFn: () => unwrap(api.GET('/reflection-rounds/{roundId}/results', { params: { path: { roundId: id } } })),
    enabled,
  });
}

export function useTrends(partyId: string) {
  return useQuery({
    queryKey: roundKeys.trends(partyId),
    queryFn: () => unwrap(api.GET('/reflection-rounds/trends', { params: { query: { partyId: partyId || undefined } } })),
  });
}

export const createRound = (body: RoundCreate) => unwrap(api.POST('/reflection-rounds', { body }));

export const updateRound = (id: string, body: RoundUpdate, etag: string | null) =>
  withEtag(api.PATCH('/reflection-rounds/{roundId}', { params: { path: { roundId: id }, header: { 'If-Match': etag ?? '' } }, body }));

export const deleteRound = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/reflection-rounds/{roundId}', { params: { path: { roundId: id }, header: { 'If-Match': etag ?? '' } } }));

export const releaseResults = (id: string) => unwrap(api.POST('/reflection-rounds/{roundId}/release', { params: { path: { roundId: id } } }));

/** Send an answer: it has no address and nothing comes back (204). */
export async function sendAnswer(id: string, body: AnswerBody): Promise<void> {
  await withEtag(api.POST('/reflection-rounds/{roundId}/answers', { params: { path: { roundId: id } }, body }));
}
