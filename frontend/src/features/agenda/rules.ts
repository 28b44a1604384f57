import type { Schemas } from '../../api';
import type { Role } from '../../auth/permissions';

type AgendaStatus = Schemas['AgendaStatus'];
type AgendaItem = Schemas['AgendaItemRead'];
type Handoff = Schemas['HandoffRead'];

interface Me {
  role: Role;
  partyId?: string | null;
}

/**
 * The allowed status steps, as backend/kompas/agenda/service.py TRANSITIONS: idea → planned →
 * in-progress → done, a step back, dropped (with a reason) from any open status; a dropped item
 * can be taken up again as an idea, a done one reopened.
 */
export const TRANSITIONS: Record<AgendaStatus, readonly AgendaStatus[]> = {
  idea: ['planned', 'dropped'],
  planned: ['in-progress', 'idea', 'dropped'],
  'in-progress': ['done', 'planned', 'dropped'],
  done: ['in-progress'],
  dropped: ['idea'],
};

export const OPEN_STATUSES: readonly AgendaStatus[] = ['idea', 'planned', 'in-progress'];

export function nextStatuses(status: AgendaStatus): readonly AgendaStatus[] {
  return TRANSITIONS[status] ?? [];
}

/** A step to this status needs a reason (only `dropped`). */
export function needsReason(status: AgendaStatus): boolean {
  return status === 'dropped';
}

const EDITORS: readonly Role[] = ['admin', 'coordinator'];
const speaksFor = (me: Me, partyId: string | null | undefined) =>
  (me.role === 'member' || me.role === 'partner') && partyId != null && me.partyId === partyId;

/** Putting items on the agenda and deleting them: admins, coordinators and members. */
export function mayCreate(me: Me | undefined): boolean {
  return me !== undefined && (EDITORS.includes(me.role) || me.role === 'member');
}

/**
 * Changing an item (its fields and status): admins, coordinators and members any item; a partner
 * one its party leads, holds the ball of, or takes part in at the level `taking-part`.
 */
export function mayChange(me: Me | undefined, item: AgendaItem): boolean {
  if (!me) return false;
  if (mayCreate(me)) return true;
  if (me.role !== 'partner' || !me.partyId) return false;
  if (me.partyId === item.leadPartyId || me.partyId === item.ballHolderId) return true;
  return item.participants.some((p) => p.partyId === me.partyId && p.level === 'taking-part');
}

/** Handing the ball over: the ball holder's people, or a coordinator; not while a handoff waits. */
export function mayHandOver(me: Me | undefined, item: AgendaItem): boolean {
  if (!me || item.pendingHandoff) return false;
  return EDITORS.includes(me.role) || speaksFor(me, item.ballHolderId);
}

/** Accepting or declining: only people of the receiving party. */
export function mayDecide(me: Me | undefined, handoff: Pick<Handoff, 'status' | 'toPartyId'>): boolean {
  return me !== undefined && handoff.status === 'pending' && speaksFor(me, handoff.toPartyId);
}

/** Withdrawing: the party that handed it over, or a coordinator. */
export function mayWithdraw(me: Me | undefined, handoff: Pick<Handoff, 'status' | 'fromPartyId'>): boolean {
  return me !== undefined && handoff.status === 'pending' && (EDITORS.includes(me.role) || speaksFor(me, handoff.fromPartyId));
}

/** Where the ball is, in words the badges use. */
export type BallState =
  | { kind: 'held'; holderId: string }
  | { kind: 'handed-over'; holderId: string; toPartyId: string; since: string };

export function ballState(item: Pick<AgendaItem, 'ballHolderId' | 'pendingHandoff'>): BallState {
  if (item.pendingHandoff) {
    return { kind: 'handed-over', holderId: item.ballHolderId, toPartyId: item.pendingHandoff.toPartyId, since: item.pendingHandoff.createdAt };
  }
  return { kind: 'held', holderId: item.ballHolderId };
}

/** A horizon as the API takes it: a year (`2027`) or a quarter (`2027-Q2`), or empty. */
export const HORIZON_PATTERN = /^(\d{4}(-Q[1-4])?)?$/;

