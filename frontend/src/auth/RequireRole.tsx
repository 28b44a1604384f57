import type { ReactNode } from 'react';
import NotAllowedPage from '../app/NotAllowedPage';
import { LoadError, Loading } from '../components/QueryState';
import type { Role } from './permissions';
import { useMe } from './useMe';

/** Shows its children only to the roles `allow` accepts; the others get the "no access" page. */
export function RequireRole({ allow, children }: { allow: (role: Role | undefined) => boolean; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <LoadError error={me.error} />;
  if (!allow(me.data.role)) return <NotAllowedPage />;
  return children;
}
