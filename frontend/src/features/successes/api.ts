import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';
import type { Role } from '../../auth/permissions';

export type Success = Schemas['SuccessRead'];

export const SUCCESS_SORTS = ['-achievedOn', 'achievedOn', 'title', '-createdAt'] as const;

export const successKeys = {
  all: ['successes'] as const,
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

export type SuccessCreate = Schemas['SuccessCreate'];
export type SuccessUpdate = Schemas['SuccessUpdate'];

export const readSuccess = (id: string) => withEtag(api.GET('/successes/{successId}', { params: { path: { successId: id } } }));

export const createSuccess = (body: SuccessCreate) => unwrap(api.POST('/successes', { body }));

export const updateSuccess = (id: string, body: SuccessUpdate, etag: string | null) =>
  withEtag(api.PATCH('/successes/{successId}', { params: { path: { successId: id }, header: { 'If-Match': etag ?? '' } }, body }));

export const deleteSuccess = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/successes/{successId}', { params: { path: { successId: id }, header: { 'If-Match': etag ?? '' } } }));

/** Withdraw an endorsement: read first for its ETag, then DELETE with If-Match. */
export async function withdrawEndorsement(successId: string, endorsementId: string) {
  const path = { successId, endorsementId };
  const { etag } = await withEtag(api.GET('/successes/{successId}/endorsements/{endorsementId}', { params: { path } }));
  return withEtag(api.DELETE('/successes/{successId}/endorsements/{endorsementId}', { params: { path, header: { 'If-Match': etag ?? '' } } }));
}

type Me = { role: Role; partyId?: string | null };

/** Naming and changing successes: admins, coordinators, members; a partner only one that lists its party. */
export function mayChangeSuccess(me: Me | undefined, success: Pick<Success, 'partyIds'> | null): boolean {
  if (!me) return false;
  if (me.role === 'admin' || me.role === 'coordinator' || me.role === 'member') return true;
  return me.role === 'partner' && me.partyId != null && (success === null || success.partyIds.includes(me.partyId));
}

/** Withdrawing an endorsement: the endorsing party's people, or admins and coordinators. */
export function mayWithdrawEndorsement(me: Me | undefined, endorsement: Pick<Schemas['EndorsementRead'], 'partyId'>): boolean {
  if (!me) return false;
  if (me.role === 'admin' || me.role === 'coordinator') return true;
  return me.role !== 'viewer' && me.partyId != null && me.partyId === endorsement.partyId;
}
