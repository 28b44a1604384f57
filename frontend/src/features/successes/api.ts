import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Success = Schemas['SuccessRead'];

export const SUCCESS_SORTS = ['-achievedOn', 'achievedOn', 'title', '-createdAt'] as const;

export const successKeys = {
  list: (filters: { q?: string; sort?: string }) => ['successes', 'list', filters] as const,
  one: (id: string) => ['successes', id] as const,
};

export function useSuccesses(filters: { q?: string; sort?: string }) {
  return usePagedList(successKeys.list(filters), (cursor) =>
    unwrap(api.GET('/successes', { params: { query: { limit: 25, cursor, q: filters.q || undefined, sort: filters.sort || undefined } } })),
  );
}

export function useSuccess(id: string) {
  return useQuery({
    queryKey: successKeys.one(id),
    queryFn: () => withEtag(api.GET('/successes/{successId}', { params: { path: { successId: id } } })),
  });
}

export const endorse = (successId: string, comment: string) =>
  unwrap(api.POST('/successes/{successId}/endorsements', { params: { path: { successId } }, body: { comment } }));

/** Whether the user's party may still endorse: it is named and has not endorsed yet. */
export function mayEndorse(me: { partyId?: string | null } | undefined, success: Pick<Success, 'partyIds' | 'endorsements'>): boolean {
  const partyId = me?.partyId;
  if (!partyId) return false;
  return success.partyIds.includes(partyId) && !success.endorsements.some((e) => e.partyId === partyId);
}
