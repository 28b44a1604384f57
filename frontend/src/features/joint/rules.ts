import type { Schemas } from '../../api';
import type { Role } from '../../auth/permissions';

/**
 * Who may do what with the joint work that has a ball (agenda items and questions), as
 * docs/permissions.md says; the API decides, these only decide what the pages offer.
 */
export interface Me {
  role: Role;
  partyId?: string | null;
}

type Level = Schemas['Level'];
type PendingHandoff = Schemas['PendingHandoff'];

/** What agenda items and questions share: a lead, a ball holder, participants and a pending handoff. */
export interface BallSubject {
  leadPartyId: string;
  ballHolderId: string;
  participants: { partyId: string; level: Level }[];
  pendingHandoff?: PendingHandoff | null;
}

export const EDITORS: readonly Role[] = ['admin', 'coordinator'];

/** Whether the user speaks for `partyId`: a member or partner of that party. */
export const speaksFor = (me: Me, partyId: string | null | undefined) =>
  (me.role === 'member' || me.role === 'partner') && partyId != null && me.partyId === partyId;

/** Creating and deleting: admins, coordinators and members. */
export function mayCreate(me: Me | undefined): boolean {
  return me !== undefined && (EDITORS.includes(me.role) || me.role === 'member');
}

/**
 * Changing (fields and status): admins, coordinators and members any; a partner one its party
 * leads, holds the ball of, or takes part in at the level `taking-part`.
 */
export function mayChange(me: Me | undefined, item: Omit<BallSubject, 'pendingHandoff'>): boolean {
  if (!me) return false;
  if (mayCreate(me)) return true;
  if (me.role !== 'partner' || !me.partyId) return false;
  if (me.partyId === item.leadPartyId || me.partyId === item.ballHolderId) return true;
  return item.participants.some((p) => p.partyId === me.partyId && p.level === 'taking-part');
}

/** Handing the ball over: the ball holder's people, or a coordinator; not while a handoff waits. */
export function mayHandOver(me: Me | undefined, item: Pick<BallSubject, 'ballHolderId' | 'pendingHandoff'>): boolean {
  if (!me || item.pendingHandoff) return false;
  return EDITORS.includes(me.role) || speaksFor(me, item.ballHolderId);
}

/** Accepting or declining: only people of the receiving party. */
export function mayDecide(me: Me | undefined, handoff: { status: string; toPartyId: string }): boolean {
  return me !== undefined && handoff.status === 'pending' && speaksFor(me, handoff.toPartyId);
}

/** Withdrawing: the party that handed it over, or a coordinator. */
export function mayWithdraw(me: Me | undefined, handoff: { status: string; fromPartyId: string }): boolean {
  return me !== undefined && handoff.status === 'pending' && (EDITORS.includes(me.role) || speaksFor(me, handoff.fromPartyId));
}

/** Where the ball is, in words the badges use. */
export type BallState =
  | { kind: 'held'; holderId: string }
  | { kind: 'handed-over'; holderId: string; toPartyId: string; since: string };

export function ballState(item: Pick<BallSubject, 'ballHolderId' | 'pendingHandoff'>): BallState {
  if (item.pendingHandoff) {
    return { kind: 'handed-over', holderId: item.ballHolderId, toPartyId: item.pendingHandoff.toPartyId, since: item.pendingHandoff.createdAt };
  }
  return { kind: 'held', holderId: item.ballHolderId };
}
