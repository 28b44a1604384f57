import type { Schemas } from '../../api';

type AgendaStatus = Schemas['AgendaStatus'];

// Who may do what is the same for agenda items and questions: see ../joint/rules.ts.
export { ballState, mayChange, mayCreate, mayDecide, mayHandOver, mayWithdraw, type BallState } from '../joint/rules';

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

/** A horizon as the API takes it: a year (`2027`) or a quarter (`2027-Q2`), or empty. */
export const HORIZON_PATTERN = /^(\d{4}(-Q[1-4])?)?$/;

