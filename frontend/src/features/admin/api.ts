import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api';

export type User = Schemas['UserRead'];
export const ROLES: Schemas['Role'][] = ['admin', 'coordinator', 'member', 'partner', 'viewer'];

export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { limit: 200, sort: 'name' } } })),
  });
}
