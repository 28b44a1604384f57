import type { Role } from '../../auth/permissions';
import { AGREED, type Perspective } from './matrix';

interface Me {
  role: Role;
  partyId?: string | null;
}

/**
 * Who may give which view of a role map (backend/kompas/rolemaps/auth.py): coordinators and
 * admins the agreed view and any party's; members and partners only their own party's; viewers
 * none. The API checks it again; this only hides what would fail.
 */
export function maySpeakFor(me: Me | undefined, perspective: Perspective): boolean {
  if (!me) return false;
  if (me.role === 'admin' || me.role === 'coordinator') return true;
  if (perspective === AGREED) return false;
  return (me.role === 'member' || me.role === 'partner') && me.partyId === perspective;
}

/** Importing CSV needs a role that gives views at all (viewers only read). */
export function mayImport(me: Me | undefined): boolean {
  return me !== undefined && me.role !== 'viewer';
}
