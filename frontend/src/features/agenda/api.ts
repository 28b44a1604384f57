import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';
import type { AgendaFilters } from './filters';

export type AgendaItem = Schemas['AgendaItemRead'];
export type AgendaItemCreate = Schemas['AgendaItemCreate'];
export type AgendaItemUpdate = Schemas['AgendaItemUpdate'];
export type AgendaStatus = Schemas['AgendaStatus'];
export type { Handoff, HandoffStatus, Level } from '../joint/api';
export type StatusChange = Schemas['StatusChangeRead'];
export type { Visibility } from '../joint/api';

export const AGENDA_STATUSES: AgendaStatus[] = ['idea', 'planned', 'in-progress', 'done', 'dropped'];
/** What a new item may start as (backend/kompas/agenda/service.py START). */
export const START_STATUSES: AgendaStatus[] = ['idea', 'planned', 'in-progress'];
export { LEVELS, VISIBILITIES as AGENDA_VISIBILITIES } from '../joint/api';
export const AGENDA_SORTS = ['-updatedAt', 'title', 'targetDate', '-targetDate', 'status', '-progress', '-createdAt'] as const;

export const agendaKeys = {
  all: ['agenda-items'] as const,
  list: (filters: AgendaFilters) => ['agenda-items', 'list', filters] as const,
  one: (id: string) => ['agenda-items', id] as const,
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

/** The questions one may link an item to (the ones it came from). */
export function useQuestionOptions() {
  return useQuery({
    queryKey: ['questions', 'options'],
    queryFn: () => unwrap(api.GET('/questions', { params: { query: { limit: 200, sort: 'title' } } })),
  });
}
