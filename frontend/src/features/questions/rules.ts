import type { Role } from '../../auth/permissions';
import { EDITORS } from '../joint/rules';
import type { Contribution, QuestionStatus } from './api';

/**
 * The allowed status steps, as backend/kompas/questions/service.py TRANSITIONS: open →
 * investigating → answered → closed; closed unanswered from open, back to open from investigating
 * or closed, reopened for investigation once answered.
 */
export const QUESTION_TRANSITIONS: Record<QuestionStatus, readonly QuestionStatus[]> = {
  open: ['investigating', 'closed'],
  investigating: ['answered', 'open'],
  answered: ['closed', 'investigating'],
  closed: ['open'],
};

/** What a new question may start as (START in the service). */
export const QUESTION_START: QuestionStatus[] = ['open', 'investigating'];

export const nextQuestionStatuses = (status: QuestionStatus): readonly QuestionStatus[] => QUESTION_TRANSITIONS[status] ?? [];

/** An answered question states its findings. */
export const needsFindings = (status: QuestionStatus | '') => status === 'answered';

/** Changing or removing a contribution: the contributing party (member or partner), or a coordinator. */
export function mayEditContribution(me: { role: Role; partyId?: string | null } | undefined, contribution: Pick<Contribution, 'partyId'>): boolean {
  if (!me) return false;
  if (EDITORS.includes(me.role)) return true;
  return (me.role === 'member' || me.role === 'partner') && me.partyId != null && me.partyId === contribution.partyId;
}
