import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, unwrap } from '../api';
import { getSession, onSessionChange } from './session';

/** The current session, re-rendering when it starts or ends. */
export function useSession() {
  return useSyncExternalStore(
    (notify) => onSessionChange(() => notify()),
    getSession,
    () => null,
  );
}

/** Who is logged in: name, role, party and organisation. */
export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: ['me', session?.accessToken],
    queryFn: () => unwrap(api.GET('/me')),
    enabled: session !== null,
    staleTime: 5 * 60_000,
  });
}
