import { useQuery } from '@tanstack/react-query';
import { api, unwrap, withEtag, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Meeting = Schemas['MeetingRead'];
export type MeetingCreate = Schemas['MeetingCreate'];

export interface MeetingFilters {
  when?: 'upcoming' | 'past';
  phaseId?: string;
  workFormatId?: string;
  sort: 'startsAt' | '-startsAt';
}

export const meetingKeys = {
  all: ['meetings'] as const,
  list: (filters: MeetingFilters, now: string) => ['meetings', 'list', filters, now] as const,
  one: (id: string) => ['meetings', id] as const,
};

/** The meetings, filtered: upcoming ones start after `now`, past ones before it. */
export function useMeetings(filters: MeetingFilters, now: string) {
  return usePagedList(meetingKeys.list(filters, now), (cursor) =>
    unwrap(
      api.GET('/meetings', {
        params: {
          query: {
            limit: 25,
            cursor,
            sort: filters.sort,
            phaseId: filters.phaseId,
            workFormatId: filters.workFormatId,
            startsAfter: filters.when === 'upcoming' ? now : undefined,
            startsBefore: filters.when === 'past' ? now : undefined,
          },
        },
      }),
    ),
  );
}

export const readMeeting = (id: string) => withEtag(api.GET('/meetings/{meetingId}', { params: { path: { meetingId: id } } }));

export function useMeeting(id: string) {
  return useQuery({ queryKey: meetingKeys.one(id), queryFn: () => readMeeting(id) });
}

export const createMeeting = (body: MeetingCreate) => unwrap(api.POST('/meetings', { body }));

export const updateMeeting = (id: string, body: Schemas['MeetingUpdate'], etag: string | null) =>
  withEtag(api.PATCH('/meetings/{meetingId}', { params: { path: { meetingId: id }, header: { 'If-Match': etag ?? '' } }, body }));

export const deleteMeeting = (id: string, etag: string | null) =>
  withEtag(api.DELETE('/meetings/{meetingId}', { params: { path: { meetingId: id }, header: { 'If-Match': etag ?? '' } } }));

/** Everyone one may list as taking part: people of all parties (the first 200 by name). */
export function usePeopleOptions() {
  return useQuery({
    queryKey: ['people', 'options'],
    queryFn: () => unwrap(api.GET('/people', { params: { query: { limit: 200, sort: 'name' } } })),
  });
}

/** The role maps with their snapshots, for linking a meeting to the snapshots taken there. */
export function useSnapshotOptions() {
  return useQuery({
    queryKey: ['role-maps', 'snapshot-options'],
    queryFn: async () => {
      const maps = await unwrap(api.GET('/role-maps', { params: { query: { limit: 200, sort: 'title' } } }));
      return Promise.all(
        maps.items.map(async (map) => ({
          map,
          snapshots: (await unwrap(api.GET('/role-maps/{roleMapId}/snapshots', { params: { path: { roleMapId: map.id }, query: { limit: 200, sort: '-createdAt' } } }))).items,
        })),
      );
    },
  });
}

/** The public iCalendar feed of an organisation: its published meetings and agenda target dates. */
export const publicCalendarUrl = (origin: string, organisationId: string) =>
  `${origin}/api/v1/calendar?organisation=${encodeURIComponent(organisationId)}`;

/** The full calendar (what the user may see), fetched with the session's token, as a file. */
export async function downloadCalendar(): Promise<Blob> {
  const { data, error, response } = await api.GET('/calendar', { params: { query: {} }, headers: { Accept: 'text/calendar' }, parseAs: 'blob' });
  return (await withEtag(Promise.resolve({ data, error, response }))).data as Blob;
}
