import { emptyToNull } from '../../lib/validation';
import type { Visibility } from '../joint/api';
import type { Success, SuccessCreate } from './api';

/** The success form's values, as typed. */
export interface SuccessValues extends Record<string, unknown> {
  title: string;
  description: string;
  achievedOn: string; // YYYY-MM-DD
  evidence: string;
  evidenceUrl: string; // '' = none
  visibility: Visibility;
  partyIds: string[];
  agendaItemIds: string[];
  questionIds: string[];
  driverIds: string[];
}

export const emptySuccess = (partyId?: string | null): SuccessValues => ({
  title: '',
  description: '',
  achievedOn: '',
  evidence: '',
  evidenceUrl: '',
  visibility: 'organisation',
  partyIds: partyId ? [partyId] : [],
  agendaItemIds: [],
  questionIds: [],
  driverIds: [],
});

export const toSuccessValues = (s: Success): SuccessValues => ({
  title: s.title,
  description: s.description,
  achievedOn: s.achievedOn,
  evidence: s.evidence,
  evidenceUrl: s.evidenceUrl ?? '',
  visibility: s.visibility,
  partyIds: s.partyIds,
  agendaItemIds: s.agendaItemIds,
  questionIds: s.questionIds,
  driverIds: s.driverIds,
});

/** The body for the API (the same for a new success and a change). */
export const toSuccessBody = (v: SuccessValues): SuccessCreate => ({
  title: v.title.trim(),
  description: v.description,
  achievedOn: v.achievedOn,
  evidence: v.evidence.trim(),
  evidenceUrl: emptyToNull(v.evidenceUrl),
  visibility: v.visibility as SuccessCreate['visibility'],
  partyIds: v.partyIds,
  agendaItemIds: v.agendaItemIds,
  questionIds: v.questionIds,
  driverIds: v.driverIds,
});
