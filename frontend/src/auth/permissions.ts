import type { Schemas } from '../api';

export type Role = Schemas['Role'];

// Mirrors docs/permissions.md and backend/kompas/core/principal.py.
const EDITORS: readonly Role[] = ['admin', 'coordinator'];

/** What a role may do in the web app; the API checks it again, this only hides what would fail. */
interface Me {
  role: Role;
  partyId?: string | null;
}

export const can = {
  /** Needs and offers: editors of any party; members and partners of their own (docs/permissions.md). */
  recordNeedFor: (me: Me | undefined, partyId: string) =>
    me !== undefined &&
    (EDITORS.includes(me.role) || ((me.role === 'member' || me.role === 'partner') && me.partyId === partyId)),
  edit: (role: Role | undefined) => role !== undefined && EDITORS.includes(role),
  /** Users: admins only. */
  administer: (role: Role | undefined) => role === 'admin',
  /** Partner API tokens: admins and coordinators. */
  manageTokens: (role: Role | undefined) => role !== undefined && EDITORS.includes(role),
  /** The audit trail: admins and coordinators. */
  readAudit: (role: Role | undefined) => role !== undefined && EDITORS.includes(role),
};
