import { api, unwrap, type Schemas } from '../../api';
import { usePagedList } from '../../api/list';

export type Meeting = Schemas['MeetingRead'];

export function useMeetings(sort: string) {
  return usePagedList(['meetings', 'list', sort], (cursor) =>
    unwrap(api.GET('/meetings', { params: { query: { limit: 25, cursor, sort } } })),
  );
}
