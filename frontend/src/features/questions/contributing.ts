import type { Schemas } from '../../api';
import type { Role } from '../../auth/permissions';

type Question = Pick<Schemas['QuestionRead'], 'leadPartyId' | 'ballHolderId' | 'participants' | 'pendingHandoff'>;

/** The parties involved in a question: the lead, the ball holder, participants, and who is being handed the ball. */
export function involvedParties(question: Question): string[] {
  const ids = [question.leadPartyId, question.ballHolderId, ...question.participants.map((p) => p.partyId)];
  if (question.pendingHandoff) ids.push(question.pendingHandoff.toPartyId);
  return [...new Set(ids)];
}

/**
 * For which parties the user may contribute (backend/kompas/questions/service.py): members and
 * partners for their own party when it is involved; coordinators and admins for any involved party.
 */
export function contributionParties(me: { role: Role; partyId?: string | null } | undefined, question: Question): string[] {
  if (!me) return [];
  const involved = involvedParties(question);
  if (me.role === 'admin' || me.role === 'coordinator') return involved;
  if ((me.role === 'member' || me.role === 'partner') && me.partyId && involved.includes(me.partyId)) return [me.partyId];
  return [];
}
