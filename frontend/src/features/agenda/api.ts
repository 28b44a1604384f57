import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';
import type { AgendaFilters } from './filters';

export type AgendaItem = Schemas['AgendaItemRead'];
export type AgendaItemCreate = Schemas['AgendaItemCreate'];
export type AgendaItemUpdate = Schemas['AgendaItemUpdate'];
export type AgendaStatus = Schemas['AgendaStatus'];
export type Level = Schemas['Level'];
export type Handoff = Schemas['HandoffRead'];
export type HandoffStatus = Schemas['HandoffStatus'];
export type StatusChange = Schemas['StatusChangeRead'];
export type Visibility = Schemas['Visibility'];

export const AGENDA_STATUSES: AgendaStatus[] = ['idea', 'planned', 'in-progress', 'done', 'dropped'];
/** What a new item may start as (backend/kompas/agenda/service.py START). */
export const START_STATUSES: AgendaStatus[] = ['idea', 'planned', 'in-progress'];
export const LEVELS: Level[] = ['watching', 'thinking-along', 'taking-part'];
export const AGENDA_VISIBILITIES: Visibility[] = ['organisation', 'partners', 'published'];
export const AGENDA_SORTS = ['-updatedAt', 'title', 'targetDate', '-targetDate', 'status', '-progress', '-createdAt'] as const;

export const agendaKeys = {
  all: ['agenda-items'] as const,
  list: (filters: AgendaFilters) => ['agenda-items', 'list', filters] as const,
  one: (id: string) => ['agenda-items', id] as const,
  handoffs: (id: string) => ['agenda-items', id, 'handoffs'] as const,
  statusChanges: (id: string) => ['agenda-items', id, 'status-changes'] as const,
  openHandoffs: (partyId: string | null) => ['handoffs', 'pending', partyId] as const,
  stalled: (partyId: string | null) => ['agenda-items', 'stalled', partyId] as const,
};

const PAGE_SIZE = 25;

/** The agenda, page by page, filtered, searched and sorted by the API. */
export function useAgendaItems(filters: AgendaFilters) {
  return usePagedList(agendaKeys.list(filters), (cursor) =>
    unwrap(
      api.GET('/agenda-items', {
        params: {
          query: {
            limit: PAGE_SIZE,
            cursor,
            q: filters.q || undefined,
            status: filters.status,
            phaseId: filters.phaseId,
            leadPartyId: filters.leadPartyId,
            ballHolderId: filters.ballHolderId,
            stalled: filters.stalled ? true : undefined,
            sort: filters.sort || undefined,
          },
        },
      }),
    ),
  );
}

export const readAgendaItem = (id: string) =>
  withEtag(api.GET('/agenda-items/{agendaItemId}', { params: { path: { agendaItemId: id } } }));

export function useAgendaItem(id: string) {
  return useQuery({ queryKey: agendaKeys.one(id), queryFn: () => readAgendaItem(id) });
}

/** Several items by id (for the ball panel: the items handed to a party), each its own query. */
export function useAgendaItemsById(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({ queryKey: agendaKeys.one(id), queryFn: () => readAgendaItem(id) })),
  });
}

export function useHandoffs(itemId: string) {
  return usePagedList(agendaKeys.handoffs(itemId), (cursor) =>
    unwrap(
      api.GET('/agenda-items/{agendaItemId}/handoffs', {
        params: { path: { agendaItemId: itemId }, query: { limit: 200, cursor } },
      }),
    ),
  );
}

export function useStatusChanges(itemId: string) {
  return usePagedList(agendaKeys.statusChanges(itemId), (cursor) =>
    unwrap(
      api.GET('/agenda-items/{agendaItemId}/status-changes', {
        params: { path: { agendaItemId: itemId }, query: { limit: 200, cursor } },
      }),
    ),
  );
}

/**
 * Handoffs that wait for an answer: those to `partyId`, or (without a party, as for the core
 * team) every open one of the organisation.
 */
export function useOpenHandoffs(partyId: string | null) {
  return usePagedList(agendaKeys.openHandoffs(partyId), (cursor) =>
    unwrap(
      api.GET('/handoffs', {
        params: {
          query: { status: 'pending', toPartyId: partyId ?? undefined, subjectKind: 'agenda-item', limit: PAGE_SIZE, cursor },
        },
      }),
    ),
  );
}

/** Stalled items whose ball lies with `partyId`, or every stalled item without a party. */
export function useStalledItems(partyId: string | null) {
  return usePagedList(agendaKeys.stalled(partyId), (cursor) =>
    unwrap(
      api.GET('/agenda-items', {
        params: { query: { stalled: true, ballHolderId: partyId ?? undefined, limit: PAGE_SIZE, cursor, sort: 'updatedAt' } },
      }),
    ),
  );
}

export const createAgendaItem = (body: AgendaItemCreate) => unwrap(api.POST('/agenda-items', { body }));

export const updateAgendaItem = (id: string, body: AgendaItemUpdate, etag: string | null) =>
  withEtag(
    api.PATCH('/agenda-items/{agendaItemId}', {
      params: { path: { agendaItemId: id }, header: { 'If-Match': etag ?? '' } },
      body,
    }),
  );

export const deleteAgendaItem = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/agenda-items/{agendaItemId}', { params: { path: { agendaItemId: id }, header: { 'If-Match': etag ?? '' } } }));

export const handOver = (itemId: string, toPartyId: string, note: string) =>
  unwrap(api.POST('/agenda-items/{agendaItemId}/handoffs', { params: { path: { agendaItemId: itemId } }, body: { toPartyId, note } }));

/**
 * Accept, decline or withdraw a handoff. It is read first for its ETag: a handoff changes only
 * once (from pending), so a decision someone made meanwhile answers 409 "already accepted".
 */
export async function decideHandoff(
  itemId: string,
  handoffId: string,
  status: 'accepted' | 'declined' | 'withdrawn',
  reason = '',
) {
  const path = { agendaItemId: itemId, handoffId };
  const { etag } = await withEtag(api.GET('/agenda-items/{agendaItemId}/handoffs/{handoffId}', { params: { path } }));
  return unwrap(
    api.PATCH('/agenda-items/{agendaItemId}/handoffs/{handoffId}', {
      params: { path, header: { 'If-Match': etag ?? '' } },
      body: { status, reason },
    }),
  );
}

/**
 * The titles of linked records (questions, successes, meetings), each read on its own; one that
 * cannot be read (gone, or not shared with the user) has no title.
 */
export function useLinkedTitles(kind: 'agenda-items' | 'questions' | 'successes' | 'meetings', ids: string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [kind, id, 'title'],
      queryFn: async (): Promise<{ title: string }> => {
        if (kind === 'agenda-items') return (await readAgendaItem(id)).data;
        if (kind === 'questions') return unwrap(api.GET('/questions/{questionId}', { params: { path: { questionId: id } } }));
        if (kind === 'successes') return unwrap(api.GET('/successes/{successId}', { params: { path: { successId: id } } }));
        return unwrap(api.GET('/meetings/{meetingId}', { params: { path: { meetingId: id } } }));
      },
      retry: false,
    })),
  });
  return new Map(ids.map((id, index) => [id, results[index]?.data?.title ?? null]));
}

/** The questions one may link an item to (the ones it came from). */
export function useQuestionOptions() {
  return useQuery({
    queryKey: ['questions', 'options'],
    queryFn: () => unwrap(api.GET('/questions', { params: { query: { limit: 200, sort: 'title' } } })),
  });
}
