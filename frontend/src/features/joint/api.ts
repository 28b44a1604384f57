import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Handoff = Schemas['HandoffRead'];
export type HandoffStatus = Schemas['HandoffStatus'];
export type Level = Schemas['Level'];
export type Visibility = Schemas['Visibility'];

export const LEVELS: Level[] = ['watching', 'thinking-along', 'taking-part'];
export const VISIBILITIES: Visibility[] = ['organisation', 'partners', 'published'];

/** What has a ball and a status history: an agenda item or a question. */
export interface Subject {
  kind: 'agenda-items' | 'questions';
  id: string;
}

export const subjectKeys = {
  handoffs: (s: Subject) => [s.kind, s.id, 'handoffs'] as const,
  statusChanges: (s: Subject) => [s.kind, s.id, 'status-changes'] as const,
};

const ALL = 200;

export function useHandoffs(subject: Subject) {
  return usePagedList(subjectKeys.handoffs(subject), (cursor) => {
    const query = { limit: ALL, cursor };
    return subject.kind === 'agenda-items'
      ? unwrap(api.GET('/agenda-items/{agendaItemId}/handoffs', { params: { path: { agendaItemId: subject.id }, query } }))
      : unwrap(api.GET('/questions/{questionId}/handoffs', { params: { path: { questionId: subject.id }, query } }));
  });
}

export function useStatusChanges(subject: Subject) {
  return usePagedList(subjectKeys.statusChanges(subject), (cursor) => {
    const query = { limit: ALL, cursor };
    return subject.kind === 'agenda-items'
      ? unwrap(api.GET('/agenda-items/{agendaItemId}/status-changes', { params: { path: { agendaItemId: subject.id }, query } }))
      : unwrap(api.GET('/questions/{questionId}/status-changes', { params: { path: { questionId: subject.id }, query } }));
  });
}

export function handOver(subject: Subject, toPartyId: string, note: string) {
  const body = { toPartyId, note };
  return subject.kind === 'agenda-items'
    ? unwrap(api.POST('/agenda-items/{agendaItemId}/handoffs', { params: { path: { agendaItemId: subject.id } }, body }))
    : unwrap(api.POST('/questions/{questionId}/handoffs', { params: { path: { questionId: subject.id } }, body }));
}

/**
 * Accept, decline or withdraw a handoff. It is read first for its ETag: a handoff changes only
 * once (from pending), so a decision someone made meanwhile answers 409 "already accepted".
 */
export async function decideHandoff(subject: Subject, handoffId: string, status: 'accepted' | 'declined' | 'withdrawn', reason = '') {
  const body = { status, reason };
  if (subject.kind === 'agenda-items') {
    const path = { agendaItemId: subject.id, handoffId };
    const { etag } = await withEtag(api.GET('/agenda-items/{agendaItemId}/handoffs/{handoffId}', { params: { path } }));
    return unwrap(api.PATCH('/agenda-items/{agendaItemId}/handoffs/{handoffId}', { params: { path, header: { 'If-Match': etag ?? '' } }, body }));
  }
  const path = { questionId: subject.id, handoffId };
  const { etag } = await withEtag(api.GET('/questions/{questionId}/handoffs/{handoffId}', { params: { path } }));
  return unwrap(api.PATCH('/questions/{questionId}/handoffs/{handoffId}', { params: { path, header: { 'If-Match': etag ?? '' } }, body }));
}

/**
 * The titles of linked records, each read on its own; one that cannot be read (gone, or not
 * shared with the user) has no title.
 */
export function useLinkedTitles(kind: 'agenda-items' | 'questions' | 'successes' | 'meetings', ids: string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [kind, id, 'title'],
      queryFn: async (): Promise<{ title: string }> => {
        if (kind === 'agenda-items') return unwrap(api.GET('/agenda-items/{agendaItemId}', { params: { path: { agendaItemId: id } } }));
        if (kind === 'questions') return unwrap(api.GET('/questions/{questionId}', { params: { path: { questionId: id } } }));
        if (kind === 'successes') return unwrap(api.GET('/successes/{successId}', { params: { path: { successId: id } } }));
        return unwrap(api.GET('/meetings/{meetingId}', { params: { path: { meetingId: id } } }));
      },
      retry: false,
    })),
  });
  return new Map(ids.map((id, index) => [id, results[index]?.data?.title ?? null]));
}

/** Records one may link to (agenda items, questions, successes): the first 200 by title. */
export function useRecordOptions(kind: 'agenda-items' | 'questions' | 'successes') {
  return useQuery({
    queryKey: [kind, 'options'],
    queryFn: async (): Promise<{ id: string; title: string }[]> => {
      const query = { limit: ALL, sort: 'title' };
      if (kind === 'agenda-items') return (await unwrap(api.GET('/agenda-items', { params: { query } }))).items;
      if (kind === 'questions') return (await unwrap(api.GET('/questions', { params: { query } }))).items;
      return (await unwrap(api.GET('/successes', { params: { query } }))).items;
    },
  });
}
