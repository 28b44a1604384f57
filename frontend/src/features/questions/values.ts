import type { Level, Visibility } from '../joint/api';
import type { ParticipantValue } from '../joint/components/ParticipantsFieldset';
import type { Question, QuestionCreate, QuestionStatus, QuestionUpdate } from './api';

/** The question form's values: text as typed, '' where nothing is chosen. */
export interface QuestionValues extends Record<string, unknown> {
  title: string;
  rationale: string;
  phaseId: string;
  status: QuestionStatus; // only when creating; later through the allowed steps
  findings: string;
  leadPartyId: string;
  ballHolderId: string; // only when creating; '' = the lead party
  driverIds: string[];
  participants: ParticipantValue[];
  visibility: Visibility;
}

export const emptyQuestion: QuestionValues = {
  title: '',
  rationale: '',
  phaseId: '',
  status: 'open',
  findings: '',
  leadPartyId: '',
  ballHolderId: '',
  driverIds: [],
  participants: [],
  visibility: 'organisation',
};

export const toQuestionValues = (q: Question): QuestionValues => ({
  title: q.title,
  rationale: q.rationale,
  phaseId: q.phaseId ?? '',
  status: q.status,
  findings: q.findings,
  leadPartyId: q.leadPartyId,
  ballHolderId: q.ballHolderId,
  driverIds: q.driverIds,
  participants: q.participants.map((p) => ({ partyId: p.partyId, level: p.level })),
  visibility: q.visibility,
});

/** The body for the API: a new question with its start status and ball holder; a change without them. */
export function toQuestionBody(v: QuestionValues, isNew: true): QuestionCreate;
export function toQuestionBody(v: QuestionValues, isNew: false): QuestionUpdate;
export function toQuestionBody(v: QuestionValues, isNew: boolean): QuestionCreate | QuestionUpdate {
  const shared = {
    title: v.title.trim(),
    rationale: v.rationale,
    phaseId: v.phaseId || null,
    findings: v.findings,
    leadPartyId: v.leadPartyId,
    driverIds: v.driverIds,
    participants: v.participants.map((p) => ({ partyId: p.partyId, level: p.level as Level })),
    visibility: v.visibility,
  };
  if (!isNew) return shared;
  return { ...shared, status: v.status, ...(v.ballHolderId ? { ballHolderId: v.ballHolderId } : {}) };
}
